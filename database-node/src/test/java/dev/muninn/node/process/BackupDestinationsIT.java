package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.operations.Operation;
import net.ravendb.client.documents.operations.backups.BackupConfiguration;
import net.ravendb.client.documents.operations.backups.BackupOperation;
import net.ravendb.client.documents.operations.backups.BackupType;
import net.ravendb.client.documents.operations.backups.GetPeriodicBackupStatusOperation;
import net.ravendb.client.documents.operations.backups.LocalSettings;
import net.ravendb.client.documents.operations.backups.PeriodicBackupConfiguration;
import net.ravendb.client.documents.operations.backups.PeriodicBackupStatus;
import net.ravendb.client.documents.operations.backups.RestoreBackupConfiguration;
import net.ravendb.client.documents.operations.backups.RestoreBackupConfigurationBase;
import net.ravendb.client.documents.operations.backups.RestoreBackupOperation;
import net.ravendb.client.documents.operations.backups.RestoreFromS3Configuration;
import net.ravendb.client.documents.operations.backups.RetentionPolicy;
import net.ravendb.client.documents.operations.backups.S3Settings;
import net.ravendb.client.documents.operations.backups.UpdatePeriodicBackupOperation;
import net.ravendb.client.documents.operations.revisions.ConfigureRevisionsOperation;
import net.ravendb.client.documents.operations.revisions.RevisionsCollectionConfiguration;
import net.ravendb.client.documents.operations.revisions.RevisionsConfiguration;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.RavenException;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * Backups beyond a local JSON file, on a real node with the official client: snapshots and JSON backups to an
 * S3-compatible server (a real process, started here) restored identical by hash; a snapshot taken while writing
 * holds everything acknowledged before it; a restore stops at the chosen backup; a schedule with a retention
 * policy keeps only the newest chain, in the bucket and in the folder; bad destinations are refused.
 */
@Tag("process")
class BackupDestinationsIT {
    private static final String BUCKET = "muninn-backups";

    @TempDir
    Path dir;

    @Test
    void snapshotsAndJsonBackupsInS3RestoreIdentical() throws Exception {
        try (S3TestServer s3 = S3TestServer.start(19460, dir);
             NodeProcess node = new NodeProcess("http://127.0.0.1:19401", dir.resolve("node")).start();
             DocumentStore store = storeWithDatabase(node, "shop")) {
            s3.createBucket(BUCKET);
            fill(store);

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    try (IDocumentSession session = store.openSession()) {
                        session.store(new ReplicationIT.Item("live"), "live/" + written.get());
                        session.saveChanges();
                        written.incrementAndGet();
                    }
                }
            }, "writer");
            writer.start();
            Thread.sleep(300);
            int beforeSnapshot = written.get();
            run(store, configuration(BackupType.SNAPSHOT, null, s3Settings(s3, "during")));
            writing.set(false);
            writer.join();
            restore(store, fromS3(s3, "during", "shop-during"));
            DatabaseState during = DatabaseState.of(node.url(), "shop-during");
            for (int i = 0; i < beforeSnapshot; i++) {
                assertThat(during.byId()).as("live/" + i + " acknowledged before the snapshot").containsKey("live/" + i);
            }

            run(store, configuration(BackupType.SNAPSHOT, null, s3Settings(s3, "snapshot")));
            run(store, configuration(BackupType.BACKUP, dir.resolve("json"), s3Settings(s3, "json")));
            assertThat(s3.keys(BUCKET, "snapshot/")).singleElement().satisfies(k -> assertThat(k).endsWith(".muninn-snapshot"));
            assertThat(s3.keys(BUCKET, "json/")).singleElement().satisfies(k -> assertThat(k).endsWith(".muninn-full-backup"));
            try (Stream<Path> local = Files.list(dir.resolve("json"))) {
                assertThat(local.map(p -> p.getFileName().toString()).toList())
                        .containsExactly(s3.keys(BUCKET, "json/").get(0).substring("json/".length()));
            }

            restore(store, fromS3(s3, "snapshot", "shop-from-snapshot"));
            restore(store, fromS3(s3, "json", "shop-from-json"));
            DatabaseState source = DatabaseState.of(node.url(), "shop");
            for (String copy : List.of("shop-from-snapshot", "shop-from-json")) {
                DatabaseState restored = DatabaseState.of(node.url(), copy);
                assertThat(restored.documents()).as(copy).isEqualTo(source.documents());
                assertThat(restored.hash()).as(copy + ": documents, metadata and change vectors").isEqualTo(source.hash());
            }
            try (DocumentStore restored = new DocumentStore(node.url(), "shop-from-snapshot")) {
                restored.initialize();
                try (IDocumentSession session = restored.openSession()) {
                    assertThat(session.advanced().revisions().getFor(ReplicationIT.Item.class, "items/3"))
                            .extracting(ReplicationIT.Item::getName).containsExactly("v2", "v1");
                    assertThat(session.advanced().attachments().exists("items/1", "photo.bin")).isTrue();
                }
            }
        }
    }

    @Test
    void aRestoreStopsAtTheChosenBackupAndBadDestinationsAreRefused() throws Exception {
        try (NodeProcess node = new NodeProcess("http://127.0.0.1:19402", dir.resolve("node")).start();
             DocumentStore store = storeWithDatabase(node, "shop")) {
            Path folder = dir.resolve("chosen");
            write(store, "a/", 300);
            run(store, configuration(BackupType.BACKUP, folder, null));
            Thread.sleep(5); // file names are millisecond timestamps
            write(store, "b/", 200);
            run(store, configuration(BackupType.SNAPSHOT, folder, null));
            List<String> files;
            try (Stream<Path> list = Files.list(folder)) {
                files = list.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertThat(files).hasSize(2);

            RestoreBackupConfiguration first = new RestoreBackupConfiguration();
            first.setDatabaseName("shop-first");
            first.setBackupLocation(folder.toString());
            first.setLastFileNameToRestore(files.get(0));
            restore(store, first);
            assertThat(DatabaseState.of(node.url(), "shop-first").documents()).isEqualTo(300);
            RestoreBackupConfiguration all = new RestoreBackupConfiguration();
            all.setDatabaseName("shop-all");
            all.setBackupLocation(folder.toString());
            restore(store, all);
            assertThat(DatabaseState.of(node.url(), "shop-all").documents()).as("all of " + files).isEqualTo(500);

            S3Settings noBucket = new S3Settings();
            noBucket.setCustomServerUrl("http://127.0.0.1:1");
            assertThatThrownBy(() -> store.maintenance().send(new BackupOperation(
                    configuration(BackupType.BACKUP, null, noBucket))))
                    .isInstanceOf(RavenException.class).hasMessageContaining("S3Settings.BucketName is required");
            S3Settings badUrl = new S3Settings();
            badUrl.setBucketName("b");
            badUrl.setCustomServerUrl("ftp://nowhere");
            assertThatThrownBy(() -> store.maintenance().send(new BackupOperation(
                    configuration(BackupType.BACKUP, null, badUrl))))
                    .hasMessageContaining("CustomServerUrl must be an http(s) URL");
            RestoreFromS3Configuration restoreNoBucket = new RestoreFromS3Configuration();
            restoreNoBucket.setDatabaseName("never");
            restoreNoBucket.setSettings(noBucket);
            assertThatThrownBy(() -> store.maintenance().server().send(new RestoreBackupOperation(restoreNoBucket)))
                    .hasMessageContaining("BucketName is required");
            assertThat(ClusterFixture.get(node.url() + "/admin/databases?name=never").status()).isEqualTo(404);
        }
    }

    @Test
    void scheduledSnapshotsKeepOnlyWhatTheRetentionPolicySays() throws Exception {
        try (S3TestServer s3 = S3TestServer.start(19461, dir);
             NodeProcess node = new NodeProcess("http://127.0.0.1:19403", dir.resolve("node")).start();
             DocumentStore store = storeWithDatabase(node, "shop")) {
            s3.createBucket(BUCKET);
            write(store, "x/", 100);
            Path folder = dir.resolve("scheduled");
            PeriodicBackupConfiguration schedule = new PeriodicBackupConfiguration();
            schedule.setName("every minute");
            schedule.setBackupType(BackupType.SNAPSHOT);
            schedule.setFullBackupFrequency("* * * * *");
            LocalSettings local = new LocalSettings();
            local.setFolderPath(folder.toString());
            schedule.setLocalSettings(local);
            schedule.setS3Settings(s3Settings(s3, "scheduled"));
            RetentionPolicy retention = new RetentionPolicy();
            retention.setMinimumBackupAgeToKeep(Duration.ofSeconds(1));
            schedule.setRetentionPolicy(retention);
            long taskId = store.maintenance().send(new UpdatePeriodicBackupOperation(schedule)).getTaskId();

            PeriodicBackupStatus first = awaitStatus(store, taskId, null, Duration.ofSeconds(30));
            assertThat(first.getError()).isNull();
            assertThat(s3.keys(BUCKET, "scheduled/")).hasSize(1);
            write(store, "y/", 50);
            PeriodicBackupStatus second = awaitStatus(store, taskId, first.getLastFullBackup(), Duration.ofSeconds(90));
            assertThat(second.getError()).isNull();
            List<String> keys = s3.keys(BUCKET, "scheduled/");
            assertThat(keys).as("retention removed the older snapshot from the bucket").hasSize(1);
            try (Stream<Path> list = Files.list(folder)) {
                assertThat(list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".muninn-snapshot"))
                        .toList()).as("and from the folder (bucket: " + keys + ")").hasSize(1);
            }
            restore(store, fromS3(s3, "scheduled", "shop-latest"));
            assertThat(DatabaseState.of(node.url(), "shop-latest").documents()).isEqualTo(150);
        }
    }

    private static PeriodicBackupStatus awaitStatus(DocumentStore store, long taskId, java.util.Date after,
                                                    Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            PeriodicBackupStatus status = store.maintenance().send(new GetPeriodicBackupStatusOperation(taskId))
                    .getStatus();
            if (status != null && status.getLastFullBackup() != null
                    && (after == null || status.getLastFullBackup().after(after))) {
                return status;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No new full backup of task " + taskId + " within " + timeout);
    }

    static void fill(DocumentStore store) {
        RevisionsConfiguration revisions = new RevisionsConfiguration();
        revisions.setDefaultConfig(new RevisionsCollectionConfiguration());
        store.maintenance().send(new ConfigureRevisionsOperation(revisions));
        write(store, "items/", 1000);
        try (IDocumentSession session = store.openSession()) {
            String[] first50 = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "items/" + i).toArray(String[]::new);
            session.load(ReplicationIT.Item.class, first50).values().forEach(item -> item.setName("v2"));
            for (int i = 900; i < 1000; i++) {
                session.delete("items/" + i);
            }
            session.advanced().attachments().store("items/1", "photo.bin",
                    new ByteArrayInputStream("not really a photo".getBytes(StandardCharsets.UTF_8)));
            session.saveChanges();
        }
    }

    static void write(DocumentStore store, String prefix, int count) {
        for (int batch = 0; batch < count; batch += 100) {
            try (IDocumentSession session = store.openSession()) {
                for (int i = batch; i < Math.min(count, batch + 100); i++) {
                    session.store(new ReplicationIT.Item("v1"), prefix + i);
                }
                session.saveChanges();
            }
        }
    }

    static S3Settings s3Settings(S3TestServer s3, String folder) {
        S3Settings settings = new S3Settings();
        settings.setBucketName(BUCKET);
        settings.setRemoteFolderName(folder);
        settings.setCustomServerUrl(s3.url());
        settings.setForcePathStyle(true);
        settings.setAwsAccessKey(S3TestServer.ACCESS_KEY);
        settings.setAwsSecretKey(S3TestServer.SECRET_KEY);
        settings.setAwsRegionName("us-east-1");
        return settings;
    }

    static BackupConfiguration configuration(BackupType type, Path folder, S3Settings s3) {
        BackupConfiguration configuration = new BackupConfiguration();
        configuration.setBackupType(type);
        if (folder != null) {
            LocalSettings local = new LocalSettings();
            local.setFolderPath(folder.toString());
            configuration.setLocalSettings(local);
        }
        configuration.setS3Settings(s3);
        return configuration;
    }

    static RestoreFromS3Configuration fromS3(S3TestServer s3, String folder, String database) {
        RestoreFromS3Configuration configuration = new RestoreFromS3Configuration();
        configuration.setDatabaseName(database);
        configuration.setSettings(s3Settings(s3, folder));
        return configuration;
    }

    static JsonNode run(DocumentStore store, BackupConfiguration configuration) {
        Operation operation = store.maintenance().sendAsync(new BackupOperation(configuration));
        operation.waitForCompletion();
        return null;
    }

    static void restore(DocumentStore store, RestoreBackupConfigurationBase configuration) throws Exception {
        Operation operation = store.maintenance().server().sendAsync(new RestoreBackupOperation(configuration));
        operation.waitForCompletion();
        JsonNode state = ClusterFixture.get(store.getUrls()[0] + "/operations/state?id=" + operation.getId()).body();
        assertThat(state.path("Status").asText()).isEqualTo("Completed");
        assertThat(state.path("Result").path("FilesRestored").asInt()).as("progress: files").isPositive();
    }

    static DocumentStore storeWithDatabase(NodeProcess node, String database) {
        try (DocumentStore admin = new DocumentStore(node.url(), null)) {
            admin.initialize();
            admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord(database)));
        }
        DocumentStore store = new DocumentStore(node.url(), database);
        store.initialize();
        return store;
    }
}
