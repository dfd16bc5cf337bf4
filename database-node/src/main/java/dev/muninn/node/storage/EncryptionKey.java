package dev.muninn.node.storage;

import java.io.IOException;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A database's 256-bit encryption key (Xodus encrypts every page of its log with a stream cipher under it). A file
 * beside the pages holds a check value, which says whether a key is theirs before anything is read (a wrong key is
 * refused with a clear message instead of Xodus failing on garbage), and the cipher's basic IV, random per directory:
 * every node of a database has the same key, and the same IV would give the same keystream at the same page address
 * on each node (two nodes' files XORed would leak). The key is never logged nor in an exception; it leaves this
 * class only for Xodus' configuration.
 */
public final class EncryptionKey {
    /** Xodus' ChaCha20 (RFC 7539) provider. */
    static final String CIPHER = "jetbrains.exodus.crypto.streamciphers.ChaChaStreamCipherProvider";
    static final String CHECK_FILE = "encryption.check";
    public static final int BYTES = 32;

    private final byte[] key;

    public EncryptionKey(byte[] key) {
        if (key.length != BYTES) {
            throw new IllegalArgumentException("An encryption key is 256 bits (32 bytes), got " + key.length
                    + " bytes");
        }
        this.key = key.clone();
    }

    /** A key given as text (RavenDB's form: base64 of 32 bytes); the message says what is wrong, never the key. */
    public static EncryptionKey fromBase64(String text, String what) {
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be base64 of a 256-bit key");
        }
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException(what + " must be a 256-bit key (32 bytes in base64), got "
                    + bytes.length + " bytes");
        }
        return new EncryptionKey(bytes);
    }

    /**
     * A 256-bit key for one purpose, derived from this one with HKDF-SHA256 (RFC 5869) and {@code salt}: backups are
     * encrypted under keys of their own, and this key itself never leaves the class but for Xodus.
     */
    public byte[] derive(byte[] salt, String purpose) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] pseudoRandom = extract.doFinal(key);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandom, "HmacSHA256"));
            expand.update(purpose.getBytes(StandardCharsets.UTF_8));
            expand.update((byte) 1);
            return expand.doFinal(); // one block: exactly the 32 bytes asked for
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    String hex() {
        return HexFormat.of().formatHex(key);
    }

    byte[] encoded() {
        return key.clone();
    }

    private String check() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("muninn-encryption-check".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private byte[] digest(String label) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(label.getBytes(StandardCharsets.UTF_8));
            return sha.digest(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Before opening {@code directory}: a new one gets this key's check value and a random IV; an existing one must
     * carry this key's check value. Returns the directory's basic IV. Throws {@link WrongKeyException} for another
     * key, and for files that were never encrypted.
     */
    long verifyOrMark(Path directory) throws IOException {
        Path check = directory.resolve(CHECK_FILE);
        boolean hasData = Files.isDirectory(directory) && hasXodusFiles(directory);
        if (!Files.exists(check)) {
            if (hasData) {
                throw new WrongKeyException("its files in " + directory + " are not encrypted");
            }
            Files.createDirectories(directory);
            long iv = new SecureRandom().nextLong();
            // Whole or absent after a crash: a torn file would read as "wrong key" for good.
            Path partial = directory.resolve(CHECK_FILE + ".tmp");
            Files.writeString(partial, "check=" + check() + "\niv=" + iv + "\n");
            Files.move(partial, check, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return iv;
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(check)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        String stored = fields.getOrDefault("check", "");
        if (!MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
                check().getBytes(StandardCharsets.US_ASCII))) {
            throw new WrongKeyException("the key given is not the key its files in " + directory
                    + " were encrypted with");
        }
        try {
            return Long.parseLong(fields.getOrDefault("iv", ""));
        } catch (NumberFormatException e) {
            throw new WrongKeyException(check + " has no readable IV");
        }
    }

    /** Whether {@code directory} was encrypted (it carries a check value). */
    public static boolean marksEncryption(Path directory) {
        return Files.exists(directory.resolve(CHECK_FILE));
    }

    private static boolean hasXodusFiles(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".xd"));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptionKey && MessageDigest.isEqual(key, ((EncryptionKey) other).key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest("muninn-hash"));
    }

    @Override
    public String toString() {
        return "EncryptionKey[hidden]";
    }

    /** The key does not open these files. */
    public static final class WrongKeyException extends RuntimeException {
        WrongKeyException(String message) {
            super(message);
        }
    }
}
