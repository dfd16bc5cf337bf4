package dev.muninn.node.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
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
 * A database's 256-bit encryption key (Xodus encrypts every page of its log with a stream cipher under it). A check
 * value beside the files says whether a key is theirs before anything is read: a wrong key is refused with a clear
 * message instead of Xodus failing on garbage. The key never appears in a string, log or exception.
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

    String hex() {
        return HexFormat.of().formatHex(key);
    }

    /** The cipher's basic IV: derived from the key, so the same key always opens the same files. */
    long basicIv() {
        return ByteBuffer.wrap(digest("muninn-iv")).getLong();
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
     * Before opening {@code directory}: a new one gets this key's check value; an existing one must carry it. Throws
     * {@link WrongKeyException} for another key, and for files that were never encrypted.
     */
    void verifyOrMark(Path directory) throws IOException {
        Path check = directory.resolve(CHECK_FILE);
        boolean hasData = Files.isDirectory(directory) && hasXodusFiles(directory);
        if (!Files.exists(check)) {
            if (hasData) {
                throw new WrongKeyException("its files in " + directory + " are not encrypted");
            }
            Files.createDirectories(directory);
            Files.writeString(check, check() + "\n");
            return;
        }
        if (!MessageDigest.isEqual(Files.readString(check).trim().getBytes(StandardCharsets.US_ASCII),
                check().getBytes(StandardCharsets.US_ASCII))) {
            throw new WrongKeyException("the key given is not the key its files in " + directory
                    + " were encrypted with");
        }
    }

    /** Whether {@code directory} was encrypted (it carries a check value). */
    static boolean marksEncryption(Path directory) {
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
