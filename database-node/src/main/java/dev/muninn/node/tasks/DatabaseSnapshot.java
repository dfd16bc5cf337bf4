package dev.muninn.node.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;

/**
 * A snapshot backup: a consistent copy of the instance's storage environment taken while writes go on (see
 * {@link dev.muninn.node.storage.StorageEnvironment#snapshotTo}), zipped. The etag read before the copy starts is
 * where the next incremental (JSON) backup begins: it may repeat a few items the snapshot already has, which a
 * restore applies as the same versions.
 */
public final class DatabaseSnapshot {
    private DatabaseSnapshot() {
    }

    public static ObjectNode write(DatabaseInstance database, Path folder, Operations.Progress progress) {
        try {
            Files.createDirectories(folder);
            long lastEtag = database.lastEtag();
            Path file = folder.resolve(BackupFiles.snapshotName(ZonedDateTime.now()));
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            long bytes;
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
                bytes = database.snapshotTo(zip);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            ObjectNode state = Json.object();
            state.put("Processed", bytes);
            state.put("LastEtag", lastEtag);
            progress.update(state);
            ObjectNode result = Json.object();
            long documents = database.read(r -> r.countDocuments());
            result.putObject("Documents").put("ReadCount", documents);
            result.put("SnapshotBytes", bytes);
            result.put("BackupType", "Snapshot");
            ObjectNode local = result.putObject("LocalBackup");
            local.put("BackupDirectory", folder.toString());
            local.put("FileName", file.getFileName().toString());
            local.put("LastEtag", lastEtag);
            result.put("LastEtag", lastEtag);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Snapshot of '" + database.name() + "' to " + folder + " failed: "
                    + e.getMessage(), e);
        }
    }
}
