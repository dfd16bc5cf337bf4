package dev.muninn.node.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.storage.EncryptionKey;

/** Encrypted backup files: what goes in comes out with the key only, and any change to the file is refused. */
class BackupEncryptionTest {
    private static final EncryptionKey KEY = key(1);
    private static final int SEGMENT = 64 * 1024;

    private static EncryptionKey key(int seed) {
        byte[] bytes = new byte[32];
        new Random(seed).nextBytes(bytes);
        return new EncryptionKey(bytes);
    }

    private static byte[] encrypt(byte[] plain, EncryptionKey key) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (OutputStream out = BackupEncryption.encrypting(file, key)) {
            // in uneven pieces, as gzip writes
            for (int i = 0; i < plain.length; i += 1000) {
                out.write(plain, i, Math.min(1000, plain.length - i));
            }
        }
        return file.toByteArray();
    }

    private static byte[] decrypt(byte[] file, EncryptionKey key) throws IOException {
        try (InputStream in = BackupEncryption.decrypting(new ByteArrayInputStream(file), key)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 17})
    void whatIsWrittenIsReadBackWithTheKey(int size) throws IOException {
        byte[] plain = new byte[size];
        new Random(size).nextBytes(plain);

        byte[] file = encrypt(plain, KEY);

        assertThat(decrypt(file, KEY)).isEqualTo(plain);
        assertThat(file.length).isLessThan(size + 64 + (size / SEGMENT + 1) * 21);
    }

    @Test
    void theFileHoldsNoPlaintextAndTwoFilesOfTheSameBytesDiffer() throws IOException {
        byte[] plain = "{\"Name\":\"a known document text\"}".repeat(100).getBytes();

        byte[] first = encrypt(plain, KEY);
        byte[] second = encrypt(plain, KEY);

        assertThat(new String(first, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("known document");
        assertThat(Arrays.copyOfRange(first, 8, first.length)).isNotEqualTo(Arrays.copyOfRange(second, 8,
                second.length));
    }

    @Test
    void anotherKeyATamperedByteATruncatedOrExtendedFileAreRefused() throws IOException {
        byte[] plain = new byte[2 * SEGMENT + 100];
        new Random(7).nextBytes(plain);
        byte[] file = encrypt(plain, KEY);

        assertThatThrownBy(() -> decrypt(file, key(2))).isInstanceOf(IOException.class)
                .hasMessageContaining("does not decrypt");
        byte[] tampered = file.clone();
        tampered[file.length / 2] ^= 1;
        assertThatThrownBy(() -> decrypt(tampered, KEY)).isInstanceOf(IOException.class);
        // Cut after the first two (full) segments: what is left looks whole but its last segment is gone.
        int header = 8 + 32 + 7;
        byte[] cut = Arrays.copyOf(file, header + 2 * (5 + SEGMENT + 16));
        assertThatThrownBy(() -> decrypt(cut, KEY)).isInstanceOf(IOException.class).hasMessageContaining("cut short");
        byte[] extended = Arrays.copyOf(file, file.length + 1);
        assertThatThrownBy(() -> decrypt(extended, KEY)).isInstanceOf(IOException.class)
                .hasMessageContaining("after its last segment");
        // A middle segment marked last (its flag byte changed) no longer authenticates.
        byte[] relabelled = file.clone();
        relabelled[header + 5 + SEGMENT + 16] = 1;
        assertThatThrownBy(() -> decrypt(relabelled, KEY)).isInstanceOf(IOException.class);
    }

    @Test
    void anEncryptedDatabasesBackupsAreAlwaysEncrypted() {
        ObjectNode none = Json.object();
        none.putObject("BackupEncryptionSettings").put("EncryptionMode", "None");
        ObjectNode defaults = Json.object();
        ObjectNode provided = Json.object();
        provided.putObject("BackupEncryptionSettings").put("EncryptionMode", "UseProvidedKey")
                .put("Key", Base64.getEncoder().encodeToString(new byte[32]));
        ObjectNode useDatabaseKey = Json.object();
        useDatabaseKey.putObject("BackupEncryptionSettings").put("EncryptionMode", "UseDatabaseKey");

        assertThat(BackupEncryption.keyFor(defaults, Optional.of(KEY), false)).contains(KEY);
        assertThatThrownBy(() -> BackupEncryption.keyFor(none, Optional.of(KEY), false))
                .hasMessageContaining("must be too");
        assertThat(BackupEncryption.keyFor(provided, Optional.of(KEY), false)).contains(new EncryptionKey(new byte[32]));
        assertThatThrownBy(() -> BackupEncryption.keyFor(provided, Optional.of(KEY), true))
                .hasMessageContaining("snapshot");

        assertThat(BackupEncryption.keyFor(defaults, Optional.empty(), false)).isEmpty();
        assertThat(BackupEncryption.keyFor(provided, Optional.empty(), false)).isPresent();
        assertThatThrownBy(() -> BackupEncryption.keyFor(useDatabaseKey, Optional.empty(), false))
                .hasMessageContaining("needs an encrypted database");
        ObjectNode shortKey = Json.object();
        shortKey.putObject("BackupEncryptionSettings").put("EncryptionMode", "UseProvidedKey").put("Key", "AAAA");
        assertThatThrownBy(() -> BackupEncryption.mode(shortKey, false, false)).hasMessageContaining("256-bit")
                .hasMessageNotContaining("AAAA");
    }
}
