package dev.muninn.node.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;
import dev.muninn.node.replication.ReplicationBatchCodec;
import dev.muninn.node.replication.incoming.ApplyReplicatedItems;
import dev.muninn.node.replication.incoming.ConflictResolver;
import dev.muninn.node.replication.incoming.ReplicationBatch;
import dev.muninn.node.storage.EncryptionKey;

/**
 * Restores backup files into a fresh database instance, oldest first: each batch is applied as replication
 * applies it (change vectors kept, so the restored database is the source as of the last file), streamed so a large
 * backup is never held in memory.
 */
public final class DatabaseRestore {
    private DatabaseRestore() {
    }

    public static ObjectNode apply(DatabaseInstance database, List<Path> files, Operations.Progress progress) {
        return apply(database, files, progress, null);
    }

    /** @param key decrypts encrypted files (and opens an encrypted database's snapshot); null: none given */
    public static ObjectNode apply(DatabaseInstance database, List<Path> files, Operations.Progress progress,
                                   EncryptionKey key) {
        long items = 0;
        for (Path file : files) {
            if (file.getFileName().toString().endsWith(BackupFiles.SNAPSHOT)) {
                items = applySnapshot(database, file, items, progress, key);
                continue;
            }
            try (InputStream in = new GZIPInputStream(plain(file, key), 1 << 16);
                 JsonParser parser = Json.MAPPER.getFactory().createParser(in)) {
                expect(parser.nextToken(), JsonToken.START_OBJECT, file);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if ("Header".equals(field)) {
                        JsonNode header = parser.readValueAsTree();
                        if (!header.has("Database")) {
                            throw new IOException(file + " is not a Muninn backup (no header)");
                        }
                    } else if ("Batches".equals(field)) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode batch = parser.readValueAsTree();
                            ReplicationBatch decoded = ReplicationBatchCodec.decode(batch);
                            if (decoded.items().isEmpty()) {
                                continue;
                            }
                            database.write(new ApplyReplicatedItems(null, 0, decoded.items(), ConflictResolver.NONE,
                                    decoded.attachments()));
                            items += decoded.items().size();
                            ObjectNode state = Json.object();
                            state.put("Processed", items);
                            state.put("File", file.getFileName().toString());
                            progress.update(state);
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Restore from " + file + " failed: " + e.getMessage(), e);
            }
        }
        ObjectNode result = Json.object();
        result.putObject("Documents").put("ReadCount", items);
        result.put("FilesRestored", files.size());
        return result;
    }

    /**
     * A snapshot is opened as a storage environment of its own (unzipped beside) and its whole etag stream applied
     * as replication applies it: versions, change vectors, revisions and attachments as they were, while the new
     * database keeps its own identity.
     */
    private static InputStream plain(Path file, EncryptionKey key) throws IOException {
        if (!BackupEncryption.isEncrypted(file)) {
            return Files.newInputStream(file);
        }
        if (key == null) {
            throw new IOException("the file is encrypted: give its key in BackupEncryptionSettings.Key (base64), or "
                    + "EncryptionKey when it was made with the database's key");
        }
        return BackupEncryption.decrypting(Files.newInputStream(file), key);
    }

    private static long applySnapshot(DatabaseInstance database, Path file, long items, Operations.Progress progress,
                                      EncryptionKey key) {
        Path unpacked = null;
        try {
            // Beside the databases (same disk, not /tmp, which may be small or in memory).
            unpacked = Files.createTempDirectory(database.directory().getParent(), "restore-snapshot-");
            unzip(file, unpacked);
            boolean encrypted = EncryptionKey.marksEncryption(unpacked);
            if (encrypted && key == null) {
                throw new IOException("the snapshot is of an encrypted database: give its key in EncryptionKey "
                        + "(or BackupEncryptionSettings.Key)");
            }
            try (DatabaseInstance snapshot = DatabaseInstance.open("snapshot-of-" + database.name(),
                    database.nodeTag(), unpacked, false, 1, encrypted ? key : null)) {
                long etag = 0;
                while (true) {
                    long from = etag;
                    List<dev.muninn.node.storage.DocumentsStorage.Change> changes = snapshot.read(
                            r -> r.changesAfter(from, 1024));
                    if (changes.isEmpty()) {
                        break;
                    }
                    byte[] encoded = ReplicationBatchCodec.encode(changes,
                            hash -> snapshot.read(r -> r.attachmentContent(hash)));
                    ReplicationBatch decoded = ReplicationBatchCodec.decode(Json.MAPPER.readTree(encoded));
                    database.write(new ApplyReplicatedItems(null, 0, decoded.items(),
                            ConflictResolver.NONE, decoded.attachments()));
                    items += decoded.items().size();
                    etag = changes.get(changes.size() - 1).etag();
                    ObjectNode state = Json.object();
                    state.put("Processed", items);
                    state.put("File", file.getFileName().toString());
                    progress.update(state);
                }
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException("Restore from snapshot " + file + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(unpacked);
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            java.util.zip.ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException(zip + " is not a Muninn snapshot (entry " + entry.getName() + ")");
                }
                Files.createDirectories(target.getParent());
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing a finished restore for
        }
    }

    private static void expect(JsonToken token, JsonToken expected, Path file) throws IOException {
        if (token != expected) {
            throw new IOException(file + " is not a Muninn backup");
        }
    }
}
