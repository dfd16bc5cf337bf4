package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.DatabaseRecordWithEtag;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.GetDatabaseRecordOperation;

/**
 * The supervisor acts on what nodes report, not only on silence: a member whose database cannot load (its directory
 * is a file: a broken volume) is demoted as soon as its node answers, with the reason in the client's record, and
 * promoted once the volume is fixed and it caught up; a database created while a node is dead goes to live nodes.
 * Silence alone would take 60 s here (TimeBeforeMovingToRehabInSec), so the demotions seen are the reports'.
 */
@Tag("process")
class SupervisorErrorsIT {
    @TempDir
    Path dir;

    @Test
    void aMemberThatCannotLoadIsDemotedWithTheReasonAndADeadNodeGetsNoNewDatabase() throws Exception {
        ClusterFixture fixture = new ClusterFixture(dir, 3, 19850, 5);
        fixture.nodes.forEach(n -> n.withSetting("Cluster.SupervisorSamplePeriodInMs", "250")
                .withSetting("Cluster.TimeBeforeMovingToRehabInSec", "60")
                .withSetting("Cluster.StabilizationTimeInSec", "1")
                .withSetting("Cluster.TimeBeforeAddingReplicaInSec", "3600"));
        try (ClusterFixture cluster = fixture.start()) {
            String[] urls = cluster.nodes.stream().map(NodeProcess::url).toArray(String[]::new);
            try (DocumentStore store = new DocumentStore(urls, "sup")) {
                store.initialize();
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("sup"), 3));
                BackupDestinationsIT.write(store, "items/", 50);

                NodeProcess leader = cluster.leader();
                NodeProcess victim = cluster.nodes.stream().filter(n -> n != leader).reduce((a, b) -> b).orElseThrow();
                String tag = SupervisorIT.tagOf(cluster, victim);
                victim.stop();
                Path database = dir.resolve("node" + (cluster.nodes.indexOf(victim) + 1)).resolve("Databases")
                        .resolve("sup");
                deleteRecursively(database);
                Files.writeString(database, "a broken volume: not a directory");
                victim.start();
                long answering = System.nanoTime();
                JsonNode topology = SupervisorIT.awaitTopology(leader, "sup",
                        t -> SupervisorIT.contains(t.path("Rehabs"), tag), Duration.ofSeconds(30));
                System.out.printf("SUPERVISOR-ERRORS %s demoted %.2f s after its node answered again%n", tag,
                        (System.nanoTime() - answering) / 1e9);
                DatabaseRecordWithEtag record = store.maintenance().server().send(new GetDatabaseRecordOperation("sup"));
                assertThat(record.getTopology().getRehabs()).contains(tag);
                assertThat(record.getTopology().getDemotionReasons().get(tag)).contains("failed to load");
                assertThat(topology.path("Members").toString()).doesNotContain("\"" + tag + "\"");
                JsonNode clientTopology = ClusterFixture.get(leader.url() + "/topology?name=sup").body();
                assertThat(clientTopology.path("Nodes").findValuesAsText("Url")).doesNotContain(victim.url());

                // The volume is fixed: the instance opens empty, is fed by the members and promoted.
                Files.delete(database);
                SupervisorIT.awaitTopology(leader, "sup", t -> SupervisorIT.contains(t.path("Members"), tag)
                        && t.path("Rehabs").isEmpty(), Duration.ofSeconds(60));
                assertThat(DatabaseState.of(victim.url(), "sup").documents()).isEqualTo(50);

                // A node killed a moment ago still looks like a member of the cluster: placement asks it first.
                victim.kill();
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("placed"), 3));
                DatabaseRecordWithEtag placed = store.maintenance().server().send(
                        new GetDatabaseRecordOperation("placed"));
                assertThat(placed.getTopology().getMembers()).hasSize(2).doesNotContain(tag);
                assertThat(placed.getTopology().getReplicationFactor()).isEqualTo(3);
            }
        }
    }

    private static void deleteRecursively(Path path) throws Exception {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
