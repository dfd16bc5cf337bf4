package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.operations.GetOngoingTaskInfoOperation;
import net.ravendb.client.documents.operations.connectionStrings.GetConnectionStringsOperation;
import net.ravendb.client.documents.operations.connectionStrings.PutConnectionStringOperation;
import net.ravendb.client.documents.operations.connectionStrings.RemoveConnectionStringOperation;
import net.ravendb.client.documents.operations.etl.RavenConnectionString;
import net.ravendb.client.documents.operations.ongoingTasks.OngoingTaskReplication;
import net.ravendb.client.documents.operations.ongoingTasks.OngoingTaskType;
import net.ravendb.client.documents.operations.ongoingTasks.ToggleOngoingTaskStateOperation;
import net.ravendb.client.documents.operations.replication.ExternalReplication;
import net.ravendb.client.documents.operations.replication.UpdateExternalReplicationOperation;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.ModifyOngoingTaskResult;

import dev.muninn.node.http.ClientFixture.User;

/**
 * External replication between two clusters of real node processes, through the official client: one member of the
 * source group keeps a database of the other cluster current; when that member is killed with -9, another member
 * takes the task over and nothing written meanwhile is missing; a disabled task sends nothing until enabled again.
 */
@Tag("process")
class ExternalReplicationIT {
    @TempDir
    Path dir;

    @Test
    void oneMemberKeepsTheOtherClusterCurrentAndAnotherTakesOverWhenItDies() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("source"));
        java.nio.file.Files.createDirectories(dir.resolve("target"));
        ClusterFixture sourceFixture = new ClusterFixture(dir.resolve("source"), 3, 19700, 5);
        sourceFixture.nodes.forEach(n -> n.withSetting("Cluster.SupervisorSamplePeriodInMs", "250")
                .withSetting("Cluster.TimeBeforeMovingToRehabInSec", "3")
                .withSetting("Cluster.StabilizationTimeInSec", "1")
                .withSetting("Cluster.TimeBeforeAddingReplicaInSec", "3600"));
        try (ClusterFixture source = sourceFixture.start();
             ClusterFixture target = new ClusterFixture(dir.resolve("target"), 1, 19750, 5).start()) {
            String[] urls = source.nodes.stream().map(NodeProcess::url).toArray(String[]::new);
            String targetUrl = target.nodes.get(0).url();
            try (DocumentStore store = new DocumentStore(urls, "orders");
                 DocumentStore replica = new DocumentStore(targetUrl, "replica")) {
                store.initialize();
                replica.initialize();
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("orders"), 3));
                replica.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("replica"), 1));

                assertThatThrownBy(() -> store.maintenance().send(new UpdateExternalReplicationOperation(
                        new ExternalReplication("replica", "missing")))).hasMessageContaining("does not exist");
                RavenConnectionString connection = new RavenConnectionString();
                connection.setName("to-target");
                connection.setDatabase("replica");
                connection.setTopologyDiscoveryUrls(new String[]{targetUrl});
                store.maintenance().send(new PutConnectionStringOperation<>(connection));
                assertThat(store.maintenance().send(new GetConnectionStringsOperation()).getRavenConnectionStrings())
                        .containsKey("to-target");

                ExternalReplication replication = new ExternalReplication("replica", "to-target");
                replication.setName("to the other cluster");
                ModifyOngoingTaskResult added = store.maintenance().send(
                        new UpdateExternalReplicationOperation(replication));
                assertThat(added.getTaskId()).isPositive();
                assertThat(added.getResponsibleNode()).isIn("A", "B", "C");
                assertThatThrownBy(() -> store.maintenance().send(new RemoveConnectionStringOperation<>(connection)))
                        .hasMessageContaining("is used by external replication");

                write(store, 0, 100);
                awaitCount(replica, 100, Duration.ofSeconds(20));
                try (IDocumentSession session = replica.openSession()) {
                    assertThat(session.load(User.class, "users/42").getName()).isEqualTo("user 42");
                }

                OngoingTaskReplication info = (OngoingTaskReplication) store.maintenance().send(
                        new GetOngoingTaskInfoOperation(added.getTaskId(), OngoingTaskType.REPLICATION));
                assertThat(info.getDestinationDatabase()).isEqualTo("replica");
                assertThat(info.getConnectionStringName()).isEqualTo("to-target");
                String responsible = info.getResponsibleNode().getNodeTag();
                NodeProcess running = source.nodes.get(responsible.charAt(0) - 'A');
                running.kill();
                long killed = System.nanoTime();
                write(store, 100, 200);
                awaitCount(replica, 200, Duration.ofSeconds(30));
                System.out.printf("EXTERNAL-REPLICATION all 200 documents at the other cluster %.1f s after the "
                        + "responsible node %s was killed%n", (System.nanoTime() - killed) / 1e9, responsible);
                OngoingTaskReplication moved = (OngoingTaskReplication) store.maintenance().send(
                        new GetOngoingTaskInfoOperation(added.getTaskId(), OngoingTaskType.REPLICATION));
                assertThat(moved.getResponsibleNode().getNodeTag()).isNotEqualTo(responsible);

                store.maintenance().send(new ToggleOngoingTaskStateOperation(added.getTaskId(),
                        OngoingTaskType.REPLICATION, true));
                Thread.sleep(1500); // every node's loader closes its sender within a second
                write(store, 200, 220);
                Thread.sleep(3000);
                assertThat(count(replica)).as("a disabled task sends nothing").isEqualTo(200);
                store.maintenance().send(new ToggleOngoingTaskStateOperation(added.getTaskId(),
                        OngoingTaskType.REPLICATION, false));
                awaitCount(replica, 220, Duration.ofSeconds(20));
            }
        }
    }

    private static void write(DocumentStore store, int from, int to) {
        for (int i = from; i < to; i += 10) {
            try (IDocumentSession session = store.openSession()) {
                for (int j = i; j < Math.min(to, i + 10); j++) {
                    session.store(new User("user " + j, j), "users/" + j);
                }
                session.saveChanges();
            }
        }
    }

    private static long count(DocumentStore store) throws Exception {
        return ClusterFixture.get(store.getUrls()[0] + "/databases/" + store.getDatabase() + "/stats").body()
                .path("CountOfDocuments").asLong();
    }

    private static void awaitCount(DocumentStore store, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = count(store);
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            count = count(store);
        }
        assertThat(count).isEqualTo(expected);
    }
}
