package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.operations.Operation;
import net.ravendb.client.documents.operations.backups.BackupOperation;
import net.ravendb.client.documents.operations.backups.BackupType;
import net.ravendb.client.documents.operations.backups.RestoreBackupConfiguration;
import net.ravendb.client.documents.operations.backups.RestoreBackupOperation;
import net.ravendb.client.documents.session.IDocumentSession;

/**
 * Backup and restore throughput on a database of 50 000 small documents, for the closing figures (documents/s and
 * MB/s of the backup file), and progress seen while a restore runs. Figures from a loaded 2-core machine; the
 * assertions check completeness, not speed.
 */
@Tag("process")
@Tag("slow") // 50 000 documents for throughput figures: run with -Dmuninn.tests.exclude=
class BackupThroughputIT {
    private static final int DOCUMENTS = 50_000;

    @TempDir
    Path dir;

    @Test
    void backsUpAndRestoresALargeDatabaseAndReportsProgress() throws Exception {
        try (NodeProcess node = new NodeProcess("http://127.0.0.1:19404", dir.resolve("node")).start();
             DocumentStore store = BackupDestinationsIT.storeWithDatabase(node, "big")) {
            long writeStarted = System.nanoTime();
            for (int batch = 0; batch < DOCUMENTS; batch += 1000) {
                try (IDocumentSession session = store.openSession()) {
                    for (int i = batch; i < batch + 1000; i++) {
                        session.store(new ReplicationIT.Item("item number " + i), "items/" + i);
                    }
                    session.saveChanges();
                }
            }
            double writeSeconds = (System.nanoTime() - writeStarted) / 1e9;

            Path json = dir.resolve("json");
            double jsonSeconds = timed(() -> BackupDestinationsIT.run(store,
                    BackupDestinationsIT.configuration(BackupType.BACKUP, json, null)));
            Path snapshot = dir.resolve("snapshot");
            double snapshotSeconds = timed(() -> BackupDestinationsIT.run(store,
                    BackupDestinationsIT.configuration(BackupType.SNAPSHOT, snapshot, null)));
            long jsonBytes = folderBytes(json);
            long snapshotBytes = folderBytes(snapshot);

            boolean[] sawProgress = new boolean[1];
            double jsonRestoreSeconds = timed(() -> restoreWatching(store, json, "big-from-json", sawProgress));
            double snapshotRestoreSeconds = timed(() -> restoreWatching(store, snapshot, "big-from-snapshot",
                    sawProgress));

            System.out.printf("BACKUP-THROUGHPUT %d documents written in %.1f s (%.0f/s)%n", DOCUMENTS, writeSeconds,
                    DOCUMENTS / writeSeconds);
            report("JSON backup", jsonSeconds, jsonBytes);
            report("snapshot backup", snapshotSeconds, snapshotBytes);
            report("JSON restore", jsonRestoreSeconds, jsonBytes);
            report("snapshot restore", snapshotRestoreSeconds, snapshotBytes);

            DatabaseState source = DatabaseState.of(node.url(), "big");
            for (String copy : List.of("big-from-json", "big-from-snapshot")) {
                DatabaseState restored = DatabaseState.of(node.url(), copy);
                assertThat(restored.documents()).as(copy).isEqualTo(DOCUMENTS);
                assertThat(restored.hash()).as(copy).isEqualTo(source.hash());
            }
            assertThat(sawProgress[0]).as("a running restore reported how far it got").isTrue();
        }
    }

    private static void restoreWatching(DocumentStore store, Path folder, String database, boolean[] sawProgress)
            throws Exception {
        RestoreBackupConfiguration configuration = new RestoreBackupConfiguration();
        configuration.setDatabaseName(database);
        configuration.setBackupLocation(folder.toString());
        Operation operation = store.maintenance().server().sendAsync(new RestoreBackupOperation(configuration));
        while (true) {
            JsonNode state = ClusterFixture.get(store.getUrls()[0] + "/operations/state?id=" + operation.getId()).body();
            if (!"InProgress".equals(state.path("Status").asText())) {
                assertThat(state.path("Status").asText()).as("restore of %s: %s", database, state)
                        .isEqualTo("Completed");
                assertThat(state.path("Result").path("Documents").path("ReadCount").asLong()).isEqualTo(DOCUMENTS);
                return;
            }
            if (state.path("Progress").path("Processed").asLong() > 0) {
                sawProgress[0] = true;
            }
            Thread.sleep(20);
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private static double timed(Work work) throws Exception {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e9;
    }

    private static long folderBytes(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void report(String what, double seconds, long bytes) {
        System.out.printf("BACKUP-THROUGHPUT %s: %.2f s, %.0f documents/s, %.1f MB/s of a %.1f MB file%n", what,
                seconds, DOCUMENTS / seconds, bytes / 1e6 / seconds, bytes / 1e6);
    }
}
