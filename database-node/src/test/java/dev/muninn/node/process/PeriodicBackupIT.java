package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.operations.GetOngoingTaskInfoOperation;
import net.ravendb.client.documents.operations.backups.BackupType;
import net.ravendb.client.documents.operations.backups.GetPeriodicBackupStatusOperation;
import net.ravendb.client.documents.operations.backups.LocalSettings;
import net.ravendb.client.documents.operations.backups.PeriodicBackupConfiguration;
import net.ravendb.client.documents.operations.backups.PeriodicBackupStatus;
import net.ravendb.client.documents.operations.backups.RestoreBackupConfiguration;
import net.ravendb.client.documents.operations.backups.RestoreBackupOperation;
import net.ravendb.client.documents.operations.backups.UpdatePeriodicBackupOperation;
import net.ravendb.client.documents.operations.backups.UpdatePeriodicBackupOperationResult;
import net.ravendb.client.documents.operations.ongoingTasks.OngoingTaskBackup;
import net.ravendb.client.documents.operations.ongoingTasks.OngoingTaskType;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * A scheduled backup is an ongoing task with one responsible node: it backs up in full at once, and when its node
 * is killed the supervisor demotes it and another member takes the schedule over with no gap (a full backup of its
 * own, since etags are per node), then incremental ones. Restoring the folder — full and incremental files in
 * order — gives every document written before the last backup.
 */
@Tag("process")
class PeriodicBackupIT {
    @TempDir
    Path dir;

    @Test
    void theResponsibleNodeBacksUpAndAnotherTakesOverWhenItDies() throws Exception {
        ClusterFixture fixture = new ClusterFixture(dir, 3, 19300, 5);
        fixture.nodes.forEach(n -> n.withSetting("Cluster.SupervisorSamplePeriodInMs", "250")
                .withSetting("Cluster.TimeBeforeMovingToRehabInSec", "3")
                .withSetting("Cluster.StabilizationTimeInSec", "1")
                .withSetting("Cluster.TimeBeforeAddingReplicaInSec", "3600"));
        try (ClusterFixture cluster = fixture.start()) {
            String[] urls = cluster.nodes.stream().map(NodeProcess::url).toArray(String[]::new);
            try (DocumentStore store = new DocumentStore(urls, "sched")) {
                store.initialize();
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("sched"), 3));
                write(store, "before/", 300);

                PeriodicBackupConfiguration configuration = new PeriodicBackupConfiguration();
                configuration.setName("nightly");
                configuration.setBackupType(BackupType.BACKUP);
                configuration.setFullBackupFrequency("0 2 * * *");
                configuration.setIncrementalBackupFrequency("* * * * *");
                LocalSettings local = new LocalSettings();
                local.setFolderPath(dir.resolve("backups").toString());
                configuration.setLocalSettings(local);
                UpdatePeriodicBackupOperationResult created = store.maintenance()
                        .send(new UpdatePeriodicBackupOperation(configuration));
                long taskId = created.getTaskId();
                assertThat(taskId).isPositive();

                OngoingTaskBackup task = (OngoingTaskBackup) store.maintenance()
                        .send(new GetOngoingTaskInfoOperation(taskId, OngoingTaskType.BACKUP));
                String first = task.getResponsibleNode().getNodeTag();
                assertThat(task.getTaskName()).isEqualTo("nightly");
                PeriodicBackupStatus firstRun = awaitStatus(store, taskId, s -> s.getLastFullBackup() != null);
                assertThat(firstRun.getNodeTag()).isEqualTo(first);
                assertThat(firstRun.getError()).isNull();

                write(store, "after/", 200);
                NodeProcess responsible = cluster.nodes.stream()
                        .filter(n -> n.url().equals(task.getResponsibleNode().getNodeUrl())).findFirst().orElseThrow();
                long killedAt = System.nanoTime();
                responsible.kill();
                PeriodicBackupStatus takenOver = awaitStatus(store, taskId,
                        s -> s.getNodeTag() != null && !s.getNodeTag().equals(first));
                System.out.printf("PERIODIC-BACKUP first run on %s; after kill -9 of %s, %s backed up %.1f s later%n",
                        first, first, takenOver.getNodeTag(), (System.nanoTime() - killedAt) / 1e9);
                assertThat(takenOver.getError()).isNull();
                OngoingTaskBackup moved = (OngoingTaskBackup) store.maintenance()
                        .send(new GetOngoingTaskInfoOperation(taskId, OngoingTaskType.BACKUP));
                assertThat(moved.getResponsibleNode().getNodeTag()).isEqualTo(takenOver.getNodeTag());

                // The new node's next run (each minute) is incremental: only what came after its full backup.
                write(store, "late/", 100);
                PeriodicBackupStatus incremental = awaitStatus(store, taskId, s -> s.getLastIncrementalBackup() != null
                        && takenOver.getNodeTag().equals(s.getNodeTag()) && !s.isFull()
                        && s.getLastEtag() > takenOver.getLastEtag());
                assertThat(incremental.getError()).isNull();

                RestoreBackupConfiguration restore = new RestoreBackupConfiguration();
                restore.setDatabaseName("sched-restored");
                restore.setBackupLocation(dir.resolve("backups").toString());
                store.maintenance().server().sendAsync(new RestoreBackupOperation(restore)).waitForCompletion();
            }
            NodeProcess survivor = cluster.nodes.stream().filter(NodeProcess::isAlive).findFirst().orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            DatabaseState restored = null;
            while (System.nanoTime() < deadline) {
                try {
                    restored = DatabaseState.of(survivor.url(), "sched-restored");
                    if (restored.documents() == 600) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    // restored on another node: the survivor answers once it has the record (410 until then)
                }
                Thread.sleep(200);
            }
            assertThat(restored).isNotNull();
            assertThat(restored.documents()).isEqualTo(600);
        }
    }

    private static void write(DocumentStore store, String prefix, int count) {
        try (IDocumentSession session = store.openSession()) {
            for (int i = 0; i < count; i++) {
                session.store(new ReplicationIT.Item(prefix + i), prefix + i);
            }
            session.saveChanges();
        }
    }

    private static PeriodicBackupStatus awaitStatus(DocumentStore store, long taskId, Predicate<PeriodicBackupStatus> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        PeriodicBackupStatus status = null;
        while (System.nanoTime() < deadline) {
            try {
                status = store.maintenance().send(new GetPeriodicBackupStatusOperation(taskId)).getStatus();
            } catch (RuntimeException e) {
                status = null; // the node asked may have just died; the client fails over on the next call
            }
            if (status != null && done.test(status)) {
                return status;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("backup status condition not reached; last: " + (status == null ? null
                : status.getNodeTag() + " full " + status.getLastFullBackup() + " error "
                + (status.getError() == null ? null : status.getError().getException())));
    }
}
