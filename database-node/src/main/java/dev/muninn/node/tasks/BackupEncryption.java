package dev.muninn.node.tasks;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.storage.EncryptionKey;

/**
 * Encrypted backup files, RavenDB's way of choosing the key ({@code BackupEncryptionSettings}: the database's own key,
 * a key the user provides, or none — never none for an encrypted database) and a streaming AEAD for the bytes: the
 * file is cut in segments of 64 KiB, each sealed with AES-256-GCM under a key derived for this file alone (HKDF with
 * a random salt), its nonce made of a random prefix, the segment's number and whether it is the last. A segment
 * cannot be altered, reordered or dropped, and a file cut short is refused, without the whole file in memory.
 * <pre>
 * file    := MAGIC salt(32) prefix(7) segment*   (the last one flagged)
 * segment := last(1) length(4) ciphertext-with-tag(length)
 * </pre>
 */
public final class BackupEncryption {
    private static final byte[] MAGIC = "MNNBKE01".getBytes(StandardCharsets.US_ASCII);
    private static final String PURPOSE = "muninn backup file v1";
    private static final int SEGMENT = 64 * 1024;
    private static final int SALT = 32;
    private static final int PREFIX = 7;
    private static final int TAG_BITS = 128;
    private static final int TAG = TAG_BITS / 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupEncryption() {
    }

    /** RavenDB's EncryptionMode of a backup. */
    public enum Mode {
        None, UseDatabaseKey, UseProvidedKey
    }

    /**
     * How a backup under {@code configuration}'s {@code BackupEncryptionSettings} is encrypted. An encrypted
     * database's backups are always encrypted (with its key unless another is provided); a snapshot holds the storage
     * files as they are, so it can only be encrypted with the database's key.
     *
     * @throws IllegalArgumentException what is wrong with the settings, for the user
     */
    public static Mode mode(JsonNode configuration, boolean databaseEncrypted, boolean snapshot) {
        JsonNode settings = configuration.path("BackupEncryptionSettings");
        String mode = settings.path("EncryptionMode").asText("");
        if (mode.isEmpty()) {
            mode = databaseEncrypted ? "UseDatabaseKey"
                    : settings.path("Key").asText("").isBlank() ? "None" : "UseProvidedKey";
        }
        switch (mode) {
            case "None":
                if (databaseEncrypted) {
                    throw new IllegalArgumentException("The database is encrypted: its backups must be too "
                            + "(BackupEncryptionSettings.EncryptionMode UseDatabaseKey or UseProvidedKey, not None)");
                }
                return Mode.None;
            case "UseDatabaseKey":
                if (!databaseEncrypted) {
                    throw new IllegalArgumentException("EncryptionMode UseDatabaseKey needs an encrypted database; "
                            + "this one is not: use UseProvidedKey with a Key");
                }
                return Mode.UseDatabaseKey;
            case "UseProvidedKey":
                if (snapshot) {
                    throw new IllegalArgumentException("A snapshot holds the storage files as they are: it is "
                            + "encrypted with the database's key when the database is, never with a provided key "
                            + "(use BackupType Backup for that)");
                }
                providedKey(settings); // checked now, not when the schedule first runs
                return Mode.UseProvidedKey;
            default:
                throw new IllegalArgumentException("Unknown BackupEncryptionSettings.EncryptionMode '" + mode
                        + "': use None, UseDatabaseKey or UseProvidedKey");
        }
    }

    /** The key a backup is encrypted with (see {@link #mode}), or none. */
    public static Optional<EncryptionKey> keyFor(JsonNode configuration, Optional<EncryptionKey> databaseKey,
                                                 boolean snapshot) {
        switch (mode(configuration, databaseKey.isPresent(), snapshot)) {
            case UseDatabaseKey:
                return databaseKey;
            case UseProvidedKey:
                return Optional.of(providedKey(configuration.path("BackupEncryptionSettings")));
            default:
                return Optional.empty();
        }
    }

    private static EncryptionKey providedKey(JsonNode settings) {
        return EncryptionKey.fromBase64(settings.path("Key").asText(""), "BackupEncryptionSettings.Key");
    }

    /**
     * The key a restore decrypts with: {@code BackupEncryptionSettings.Key}, else the new database's
     * {@code EncryptionKey} (a backup made with the database's key restores into a database with that key).
     */
    public static Optional<EncryptionKey> restoreKey(JsonNode configuration) {
        String key = configuration.path("BackupEncryptionSettings").path("Key").asText("");
        if (!key.isBlank()) {
            return Optional.of(EncryptionKey.fromBase64(key, "BackupEncryptionSettings.Key"));
        }
        String databaseKey = configuration.path("EncryptionKey").asText("");
        return databaseKey.isBlank() ? Optional.empty()
                : Optional.of(EncryptionKey.fromBase64(databaseKey, "EncryptionKey"));
    }

    /** Whether the file starts as an encrypted backup does. */
    public static boolean isEncrypted(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    /** What is written to the returned stream reaches {@code out} encrypted; closing it seals the last segment. */
    public static OutputStream encrypting(OutputStream out, EncryptionKey key) throws IOException {
        byte[] salt = new byte[SALT];
        byte[] prefix = new byte[PREFIX];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(prefix);
        out.write(MAGIC);
        out.write(salt);
        out.write(prefix);
        return new Sealing(out, new SecretKeySpec(key.derive(salt, PURPOSE), "AES"), prefix);
    }

    /**
     * The plain bytes of an encrypted backup read from {@code in}.
     *
     * @throws IOException when the key does not decrypt it, or the file was altered or cut short
     */
    public static InputStream decrypting(InputStream in, EncryptionKey key) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = data.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an encrypted Muninn backup");
        }
        byte[] salt = new byte[SALT];
        byte[] prefix = new byte[PREFIX];
        data.readFully(salt);
        data.readFully(prefix);
        return new Opening(data, new SecretKeySpec(key.derive(salt, PURPOSE), "AES"), prefix);
    }

    private static byte[] nonce(byte[] prefix, long segment, boolean last) throws IOException {
        if (segment > 0xFFFF_FFFFL) {
            throw new IOException("a backup file is limited to 2^32 segments of 64 KiB");
        }
        return ByteBuffer.allocate(12).put(prefix).putInt((int) segment).put((byte) (last ? 1 : 0)).array();
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** Buffers a segment; a full one is sealed only once more bytes come, so the last is always known at close. */
    private static final class Sealing extends FilterOutputStream {
        private final SecretKeySpec key;
        private final byte[] prefix;
        private final byte[] buffer = new byte[SEGMENT];
        private int filled;
        private long segment;
        private boolean closed;

        Sealing(OutputStream out, SecretKeySpec key, byte[] prefix) {
            super(out);
            this.key = key;
            this.prefix = prefix;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == SEGMENT) {
                    seal(false);
                }
                int n = Math.min(length, SEGMENT - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            byte[] sealed;
            try {
                sealed = cipher(Cipher.ENCRYPT_MODE, key, nonce(prefix, segment, last)).doFinal(buffer, 0, filled);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot encrypt the backup: " + e.getMessage(), e);
            }
            out.write(last ? 1 : 0);
            out.write(ByteBuffer.allocate(4).putInt(sealed.length).array());
            out.write(sealed);
            segment++;
            filled = 0;
        }

        @Override
        public void flush() throws IOException {
            out.flush(); // a partial segment stays buffered: sealing it early would end the file there
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                seal(true);
            } finally {
                out.close();
            }
        }
    }

    private static final class Opening extends InputStream {
        private final DataInputStream in;
        private final SecretKeySpec key;
        private final byte[] prefix;
        private byte[] plain = new byte[0];
        private int position;
        private long segment;
        private boolean ended;

        Opening(DataInputStream in, SecretKeySpec key, byte[] prefix) {
            this.in = in;
            this.key = key;
            this.prefix = prefix;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (ended) {
                    return -1;
                }
                next();
            }
            int n = Math.min(length, plain.length - position);
            System.arraycopy(plain, position, bytes, offset, n);
            position += n;
            return n;
        }

        private void next() throws IOException {
            int flag = in.read();
            if (flag < 0) {
                throw new EOFException("the encrypted backup is cut short (its last segment is missing)");
            }
            if (flag > 1) {
                throw new IOException("the encrypted backup is damaged (segment " + segment + ")");
            }
            int length = in.readInt();
            if (length < TAG || length > SEGMENT + TAG) {
                throw new IOException("the encrypted backup is damaged (segment " + segment + " claims " + length
                        + " bytes)");
            }
            byte[] sealed = new byte[length];
            in.readFully(sealed);
            boolean last = flag == 1;
            try {
                plain = cipher(Cipher.DECRYPT_MODE, key, nonce(prefix, segment, last)).doFinal(sealed);
            } catch (AEADBadTagException e) {
                throw new IOException("the key given does not decrypt this backup, or the file was altered (segment "
                        + segment + ")");
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot decrypt the backup: " + e.getMessage(), e);
            }
            position = 0;
            segment++;
            if (last) {
                ended = true;
                if (in.read() >= 0) {
                    throw new IOException("the encrypted backup has bytes after its last segment");
                }
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
