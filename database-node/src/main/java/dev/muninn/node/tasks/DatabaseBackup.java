package dev.muninn.node.tasks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;
import dev.muninn.node.replication.ReplicationBatchCodec;
import dev.muninn.node.storage.DocumentsStorage.Change;

/**
 * A JSON backup of one database instance: everything of its etag stream after {@code afterEtag} (0: a full backup)
 * — documents, revisions, tombstones, conflicted versions with their change vectors, and the attachments they name —
 * as replication batches in one gzip file. Written while writes go on: each batch is read in its own read
 * transaction and never splits a transaction, and the file says up to which etag it goes, so the next incremental
 * backup starts there. Written beside and renamed, so a half-written backup is never taken for one. Encrypted when
 * given a key (always for an encrypted database: see {@link BackupEncryption}).
 */
public final class DatabaseBackup {
    private static final int ITEMS_PER_BATCH = 1024;

    private DatabaseBackup() {
    }

    /** Writes the backup into {@code folder}; returns what the client's backup result reports. */
    public static ObjectNode write(DatabaseInstance database, Path folder, long afterEtag, Operations.Progress progress) {
        return write(database, folder, afterEtag, progress, null);
    }

    /** @param key encrypts the file ({@link BackupEncryption}); null: plain */
    public static ObjectNode write(DatabaseInstance database, Path folder, long afterEtag, Operations.Progress progress,
                                   dev.muninn.node.storage.EncryptionKey key) {
        try {
            Files.createDirectories(folder);
            boolean full = afterEtag == 0;
            Path file = folder.resolve(BackupFiles.name(ZonedDateTime.now(), full));
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            long items = 0;
            long lastEtag = afterEtag;
            OutputStream file0 = Files.newOutputStream(partial);
            try (OutputStream out = new GZIPOutputStream(key == null ? file0
                    : BackupEncryption.encrypting(file0, key), 1 << 16)) {
                ObjectNode header = Json.object();
                header.put("Database", database.name());
                header.put("DatabaseId", database.databaseId());
                header.put("Type", full ? "Full" : "Incremental");
                header.put("AfterEtag", afterEtag);
                String text = Json.MAPPER.writeValueAsString(header);
                out.write(("{\"Header\":" + text + ",\"Batches\":[").getBytes(StandardCharsets.UTF_8));
                boolean first = true;
                while (true) {
                    long from = lastEtag;
                    List<Change> changes = database.read(r -> r.changesAfter(from, ITEMS_PER_BATCH));
                    if (changes.isEmpty()) {
                        break;
                    }
                    byte[] batch = ReplicationBatchCodec.encode(changes,
                            hash -> database.read(r -> r.attachmentContent(hash)));
                    if (!first) {
                        out.write(',');
                    }
                    out.write(batch);
                    first = false;
                    items += changes.size();
                    lastEtag = changes.get(changes.size() - 1).etag();
                    ObjectNode state = Json.object();
                    state.put("Processed", items);
                    state.put("LastEtag", lastEtag);
                    progress.update(state);
                }
                out.write(("],\"LastEtag\":" + lastEtag + "}").getBytes(StandardCharsets.UTF_8));
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            ObjectNode result = Json.object();
            result.putObject("Documents").put("ReadCount", items);
            ObjectNode local = result.putObject("LocalBackup");
            local.put("BackupDirectory", folder.toString());
            local.put("FileName", file.getFileName().toString());
            local.put("LastEtag", lastEtag);
            result.put("LastEtag", lastEtag);
            result.put("Encrypted", key != null);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Backup of '" + database.name() + "' to " + folder + " failed: "
                    + e.getMessage(), e);
        }
    }
}
