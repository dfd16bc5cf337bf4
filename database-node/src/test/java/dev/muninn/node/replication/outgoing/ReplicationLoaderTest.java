package dev.muninn.node.replication.outgoing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.state.ClusterStore;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.replication.WriteAssurance;
import dev.muninn.node.storage.ServerStorage;
import dev.muninn.node.storage.StorageEnvironment;

/** Write assurance for a database whose record is gone (deleted while a write waited for its replicas). */
class ReplicationLoaderTest {
    @TempDir
    Path dir;

    @Test
    void waitingForADatabaseWhoseRecordIsGoneAnswersAtOnce() throws Exception {
        try (ServerStorage system = ServerStorage.system(new StorageEnvironment(dir.resolve("System"), true));
             ServerStorage clusterStorage = ServerStorage.cluster(
                     new StorageEnvironment(dir.resolve("Cluster"), false))) {
            ClusterState cluster = new ClusterState(system, new ClusterStore(clusterStorage));
            DatabasesLandlord landlord = new DatabasesLandlord(cluster, dir.resolve("Databases"), true, 1024);
            try (ReplicationLoader loader = new ReplicationLoader(cluster, landlord, 16, HttpClient::newBuilder)) {
                for (int replicas : new int[] {-1, 0, 2}) {
                    long started = System.nanoTime();
                    WriteAssurance.Outcome outcome = loader.await("gone", 42, replicas, Duration.ofSeconds(5));
                    assertThat(outcome.satisfied()).as("replicas=" + replicas).isTrue();
                    assertThat(outcome.required()).isZero();
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
                }
            }
        }
    }
}
