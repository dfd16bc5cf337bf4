package dev.muninn.node.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encryption keys of this node's databases (RavenDB's secret keys), each kept in the server environment wrapped
 * with AES-256-GCM under the node's master key (a file: {@code Security.MasterKey.Path}). Node-local, never in the
 * Raft log or a snapshot: a key reaches a node only when an admin puts it there. Keys are never logged.
 */
public final class DatabaseKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;

    private final ServerStorage storage;
    private final java.util.function.Supplier<byte[]> masterKeySource;
    private volatile byte[] masterKey;

    /** @param masterKey read on first use: a node without encrypted databases never needs one */
    public DatabaseKeys(ServerStorage storage, java.util.function.Supplier<byte[]> masterKey) {
        this.storage = storage;
        this.masterKeySource = masterKey;
    }

    private byte[] masterKey() {
        byte[] key = masterKey;
        if (key == null) {
            synchronized (this) {
                if (masterKey == null) {
                    byte[] loaded = masterKeySource.get();
                    if (loaded.length != EncryptionKey.BYTES) {
                        throw new IllegalArgumentException("The master key must be 256 bits, got " + loaded.length
                                + " bytes");
                    }
                    masterKey = loaded.clone();
                }
                key = masterKey;
            }
        }
        return key;
    }

    /**
     * The master key in {@code file}: 32 raw bytes, or their base64 or hex text. When {@code file} does not exist and
     * {@code create} is set, a new random key is written there (owner-only).
     */
    public static byte[] loadMasterKey(Path file, boolean create) throws IOException {
        if (!Files.exists(file)) {
            if (!create) {
                throw new IllegalArgumentException("The master key file " + file + " does not exist");
            }
            byte[] key = new byte[EncryptionKey.BYTES];
            RANDOM.nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            // Owner-only from its first byte, not chmod-ed after the fact.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, key);
            return key;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == EncryptionKey.BYTES) {
            return bytes;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).trim();
        try {
            byte[] decoded = text.length() == 64 ? HexFormat.of().parseHex(text) : Base64.getDecoder().decode(text);
            if (decoded.length == EncryptionKey.BYTES) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("The master key file " + file + " must hold a 256-bit key: 32 bytes, or "
                + "their base64 or hex");
    }

    public Optional<EncryptionKey> get(String database) {
        return storage.environment().read(txn -> storage.get(txn, ServerStorage.SECRET_KEYS, name(database)))
                .map(wrapped -> new EncryptionKey(unwrap(database, wrapped)));
    }

    /**
     * Keeps {@code key} for {@code database}. Another key already kept is replaced only with {@code overwrite}: a
     * database's files open with one key only.
     */
    public void put(String database, EncryptionKey key, boolean overwrite) {
        storage.environment().write(txn -> {
            Optional<byte[]> existing = storage.get(txn, ServerStorage.SECRET_KEYS, name(database));
            if (existing.isPresent() && !overwrite && !new EncryptionKey(unwrap(database, existing.get())).equals(key)) {
                throw new KeyExistsException("Database '" + database + "' already has another encryption key on this "
                        + "node; put it with overwrite=true to replace it (its files open with the old one only)");
            }
            storage.put(txn, ServerStorage.SECRET_KEYS, name(database), wrap(database, key.encoded()));
            return null;
        });
    }

    public void delete(String database) {
        storage.environment().write(txn -> {
            storage.delete(txn, ServerStorage.SECRET_KEYS, name(database));
            return null;
        });
    }

    /** Database names are case-insensitive (as the cluster keys them). */
    private static String name(String database) {
        return database.toLowerCase(java.util.Locale.ROOT);
    }

    private byte[] wrap(String database, byte[] key) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, database);
            byte[] sealed = cipher.doFinal(key);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private byte[] unwrap(String database, byte[] wrapped) {
        try {
            byte[] nonce = java.util.Arrays.copyOf(wrapped, NONCE_BYTES);
            return cipher(Cipher.DECRYPT_MODE, nonce, database).doFinal(wrapped, NONCE_BYTES,
                    wrapped.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The encryption key of database '" + database + "' cannot be unwrapped: "
                    + "this node's master key (Security.MasterKey.Path) is not the one it was kept with", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String database) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(masterKey(), "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(name(database).getBytes(StandardCharsets.UTF_8)); // a key moved to another name fails
        return cipher;
    }

    /** Another key is already kept for the database. */
    public static final class KeyExistsException extends RuntimeException {
        KeyExistsException(String message) {
            super(message);
        }
    }
}
