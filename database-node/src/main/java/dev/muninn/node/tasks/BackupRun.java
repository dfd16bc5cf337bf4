package dev.muninn.node.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;

/**
 * One backup of a database to every destination its configuration names: written once (into the local folder
 * when there is one, else beside the databases), then stored at each other destination; a snapshot when the
 * configuration's {@code BackupType} is {@code Snapshot} and a full backup is due, JSON otherwise; encrypted as its
 * {@code BackupEncryptionSettings} say (an encrypted database's always: a snapshot holds its encrypted files).
 */
public final class BackupRun {
    private BackupRun() {
    }

    public static ObjectNode execute(DatabaseInstance database, JsonNode configuration, boolean full, long afterEtag,
                                     Operations.Progress progress) {
        List<BackupDestination> destinations = BackupDestinations.of(configuration);
        LocalFolderDestination local = destinations.stream().filter(LocalFolderDestination.class::isInstance)
                .map(LocalFolderDestination.class::cast).findFirst().orElse(null);
        Path working = local != null ? local.folder() : temporaryFolder(database);
        try {
            boolean snapshot = full && isSnapshot(configuration);
            java.util.Optional<dev.muninn.node.storage.EncryptionKey> key = BackupEncryption.keyFor(configuration,
                    database.encryptionKey(), snapshot);
            ObjectNode result = snapshot ? DatabaseSnapshot.write(database, working, progress)
                    : DatabaseBackup.write(database, working, full ? 0 : afterEtag, progress, key.orElse(null));
            result.put("Encrypted", key.isPresent());
            Path file = working.resolve(result.path("LocalBackup").path("FileName").asText());
            result.put("FileSize", size(file));
            for (BackupDestination destination : destinations) {
                if (destination != local) {
                    destination.store(file);
                    ObjectNode upload = result.putObject(destination.kind() + "Backup");
                    upload.put("Destination", destination.describe());
                    upload.put("FileName", file.getFileName().toString());
                }
            }
            if (local == null) {
                result.remove("LocalBackup");
                delete(file);
            }
            return result;
        } finally {
            if (local == null) {
                delete(working);
            }
        }
    }

    public static boolean isSnapshot(JsonNode configuration) {
        return "Snapshot".equals(configuration.path("BackupType").asText("Backup"));
    }

    private static Path temporaryFolder(DatabaseInstance database) {
        try {
            return Files.createTempDirectory(database.directory().getParent(), "backup-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a working folder for the backup: " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover working file is not worth failing a backup that was stored
        }
    }
}
