package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.operations.Operation;
import net.ravendb.client.documents.operations.attachments.CloseableAttachmentResult;
import net.ravendb.client.documents.operations.backups.BackupConfiguration;
import net.ravendb.client.documents.operations.backups.BackupOperation;
import net.ravendb.client.documents.operations.backups.BackupType;
import net.ravendb.client.documents.operations.backups.LocalSettings;
import net.ravendb.client.documents.operations.backups.RestoreBackupConfiguration;
import net.ravendb.client.documents.operations.backups.RestoreBackupOperation;
import net.ravendb.client.documents.operations.revisions.ConfigureRevisionsOperation;
import net.ravendb.client.documents.operations.revisions.RevisionsCollectionConfiguration;
import net.ravendb.client.documents.operations.revisions.RevisionsConfiguration;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.RavenException;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * One-shot backup and restore through the official client on a real node: a backup taken while writes go on holds
 * everything written before it started; a restore of a backup taken at rest is identical to its source (documents,
 * metadata, change vectors — by hash — revisions and attachments); bad requests are refused clearly.
 */
@Tag("process")
class BackupIT {
    @TempDir
    Path dir;

    @Test
    void aBackupRestoresToAnIdenticalDatabase() throws Exception {
        try (NodeProcess node = new NodeProcess("http://127.0.0.1:19201", dir.resolve("node")).start();
             DocumentStore store = BackupDestinationsIT.storeWithDatabase(node, "shop")) {
            RevisionsConfiguration revisions = new RevisionsConfiguration();
            revisions.setDefaultConfig(new RevisionsCollectionConfiguration());
            store.maintenance().send(new ConfigureRevisionsOperation(revisions));
            for (int batch = 0; batch < 20; batch++) {
                try (IDocumentSession session = store.openSession()) {
                    for (int i = 0; i < 100; i++) {
                        session.store(new ReplicationIT.Item("v1"), "items/" + (batch * 100 + i));
                    }
                    session.saveChanges();
                }
            }
            try (IDocumentSession session = store.openSession()) {
                String[] first50 = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "items/" + i)
                        .toArray(String[]::new);
                session.load(ReplicationIT.Item.class, first50).values().forEach(item -> item.setName("v2"));
                for (int i = 1900; i < 2000; i++) {
                    session.delete("items/" + i);
                }
                session.advanced().attachments().store("items/1", "photo.bin",
                        new ByteArrayInputStream("not really a photo".getBytes(StandardCharsets.UTF_8)));
                session.countersFor("items/2").increment("likes", 41);
                session.saveChanges();
            }
            try (IDocumentSession session = store.openSession()) {
                session.countersFor("items/2").increment("likes", 1); // an existing counter: the document unchanged
                session.saveChanges();
            }

            // Taken while a writer goes on: everything acknowledged before the backup started is in it.
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
            int beforeBackup = written.get();
            Path during = dir.resolve("backup-during");
            long started = System.nanoTime();
            backup(store, during);
            double seconds = (System.nanoTime() - started) / 1e9;
            writing.set(false);
            writer.join();
            restore(store, during, "shop-during");
            DatabaseState restoredDuring = DatabaseState.of(node.url(), "shop-during");
            for (int i = 0; i < beforeBackup; i++) {
                assertThat(restoredDuring.byId()).as("live/" + i + " acknowledged before the backup")
                        .containsKey("live/" + i);
            }
            System.out.printf("BACKUP %d documents (+%d written during it) in %.2f s%n",
                    restoredDuring.documents(), written.get() - beforeBackup, seconds);

            // Taken at rest: the restore is the source, version for version.
            Path atRest = dir.resolve("backup-at-rest");
            backup(store, atRest);
            long restoreStarted = System.nanoTime();
            restore(store, atRest, "shop-copy");
            System.out.printf("RESTORE %.2f s%n", (System.nanoTime() - restoreStarted) / 1e9);
            DatabaseState source = DatabaseState.of(node.url(), "shop");
            DatabaseState copy = DatabaseState.of(node.url(), "shop-copy");
            assertThat(copy.documents()).isEqualTo(source.documents()).isEqualTo(1900 + written.get());
            assertThat(copy.hash()).isEqualTo(source.hash());
            try (DocumentStore restored = new DocumentStore(node.url(), "shop-copy")) {
                restored.initialize();
                try (IDocumentSession session = restored.openSession()) {
                    assertThat(session.advanced().revisions().getFor(ReplicationIT.Item.class, "items/3"))
                            .extracting(ReplicationIT.Item::getName).containsExactly("v2", "v1");
                    try (CloseableAttachmentResult photo = session.advanced().attachments().get("items/1", "photo.bin")) {
                        assertThat(new String(photo.getData().readAllBytes(), StandardCharsets.UTF_8))
                                .isEqualTo("not really a photo");
                    }
                    assertThat(session.load(ReplicationIT.Item.class, "items/1950")).isNull();
                    assertThat(session.countersFor("items/2").get("likes")).isEqualTo(42L);
                }
            }
        }
    }

    @Test
    void badBackupAndRestoreRequestsAreRefusedClearly() throws Exception {
        try (NodeProcess node = new NodeProcess("http://127.0.0.1:19202", dir.resolve("node")).start();
             DocumentStore store = new DocumentStore(node.url(), "shop")) {
            store.initialize();
            store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("shop")));
            BackupConfiguration noFolder = new BackupConfiguration();
            noFolder.setBackupType(BackupType.BACKUP);
            assertThatThrownBy(() -> store.maintenance().send(new BackupOperation(noFolder)))
                    .isInstanceOf(RavenException.class).hasMessageContaining("A destination is required");

            RestoreBackupConfiguration intoExisting = new RestoreBackupConfiguration();
            intoExisting.setDatabaseName("shop");
            intoExisting.setBackupLocation(dir.toString());
            assertThatThrownBy(() -> store.maintenance().server().send(new RestoreBackupOperation(intoExisting)))
                    .isInstanceOf(RavenException.class).hasMessageContaining("already exists");

            RestoreBackupConfiguration fromNothing = new RestoreBackupConfiguration();
            fromNothing.setDatabaseName("fresh");
            fromNothing.setBackupLocation(dir.resolve("empty").toString());
            assertThatThrownBy(() -> store.maintenance().server().send(new RestoreBackupOperation(fromNothing)))
                    .isInstanceOf(RavenException.class).hasMessageContaining("is not a folder on this node");
            assertThat(ClusterFixture.get(node.url() + "/admin/databases?name=fresh").status()).isEqualTo(404);
        }
    }

    private static void backup(DocumentStore store, Path folder) {
        BackupConfiguration configuration = new BackupConfiguration();
        configuration.setBackupType(BackupType.BACKUP);
        LocalSettings local = new LocalSettings();
        local.setFolderPath(folder.toString());
        configuration.setLocalSettings(local);
        Operation operation = store.maintenance().sendAsync(new BackupOperation(configuration));
        operation.waitForCompletion();
    }

    private static void restore(DocumentStore store, Path folder, String name) {
        RestoreBackupConfiguration configuration = new RestoreBackupConfiguration();
        configuration.setDatabaseName(name);
        configuration.setBackupLocation(folder.toString());
        Operation operation = store.maintenance().server().sendAsync(new RestoreBackupOperation(configuration));
        operation.waitForCompletion();
    }
}
