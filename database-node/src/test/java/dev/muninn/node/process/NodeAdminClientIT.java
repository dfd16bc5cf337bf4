package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.muninn.nodeclient.ClusterTopology;
import dev.muninn.nodeclient.DatabaseTopology;
import dev.muninn.nodeclient.HttpNodeAdminClient;
import dev.muninn.nodeclient.NodeAdminException;
import dev.muninn.nodeclient.NodeUnreachableException;

/**
 * The operator's typed admin client against real node processes: bootstrap a passive node, add nodes under chosen
 * tags, create a database, add and remove instances, remove a node, and the typed errors.
 */
@Tag("process")
class NodeAdminClientIT {
    @TempDir
    Path dir;

    @Test
    void buildsAndShrinksAClusterThroughTheAdminApi() throws Exception {
        HttpNodeAdminClient client = new HttpNodeAdminClient(Duration.ofSeconds(30));
        try (NodeProcess a = new NodeProcess("http://127.0.0.1:19801", dir.resolve("a")).start();
             NodeProcess b = new NodeProcess("http://127.0.0.1:19802", dir.resolve("b")).start();
             NodeProcess c = new NodeProcess("http://127.0.0.1:19803", dir.resolve("c")).start()) {
            assertThat(client.topology(a.url()).isPassive()).isTrue();
            ClusterTopology one = client.bootstrap(a.url());
            assertThat(one.isPassive()).isFalse();
            assertThat(one.members()).containsOnlyKeys("A");
            assertThat(client.bootstrap(a.url()).topologyId()).as("bootstrap twice changes nothing")
                    .isEqualTo(one.topologyId());

            client.addNode(a.url(), b.url(), "B", false);
            client.addNode(a.url(), c.url(), "C", true);
            // B learns of the new members through Raft: its view converges shortly after the leader's commit.
            ClusterTopology three = client.topology(b.url());
            long converge = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!three.watchers().containsKey("C") && System.nanoTime() < converge) {
                Thread.sleep(100);
                three = client.topology(b.url());
            }
            assertThat(three.members()).containsOnlyKeys("A", "B");
            assertThat(three.watchers()).containsOnlyKeys("C");
            assertThat(three.leader()).isEqualTo("A");

            // Promote and demote through the typed client: the answering node forwards to the leader.
            client.setWatcher(b.url(), "C", false);
            assertThat(client.topology(a.url()).members()).containsOnlyKeys("A", "B", "C");
            client.setWatcher(b.url(), "C", true);
            assertThat(client.topology(a.url()).watchers()).containsOnlyKeys("C");

            DatabaseTopology created = client.createDatabase(b.url(), "orders", 2, List.of());
            assertThat(created.members()).hasSize(2);
            assertThat(client.databaseNames(a.url())).containsExactly("orders");
            String outside = List.of("A", "B", "C").stream().filter(t -> !created.members().contains(t)).findFirst()
                    .orElseThrow();
            client.addDatabaseNode(a.url(), "orders", outside);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            DatabaseTopology grown = client.database(a.url(), "orders").orElseThrow();
            while (grown.members().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                grown = client.database(a.url(), "orders").orElseThrow();
            }
            assertThat(grown.members()).containsExactlyInAnyOrder("A", "B", "C");
            assertThat(grown.replicationFactor()).isEqualTo(3);

            client.deleteDatabase(a.url(), "orders", true, List.of("C"));
            assertThat(client.database(a.url(), "orders").orElseThrow().members()).containsExactlyInAnyOrder("A", "B");
            client.removeNode(a.url(), "C");
            assertThat(client.topology(a.url()).contains("C")).isFalse();
            assertThat(client.database(a.url(), "nope")).isEmpty();

            assertThatThrownBy(() -> client.createDatabase(a.url(), "bad/name", 1, List.of()))
                    .isInstanceOf(NodeAdminException.class).satisfies(e ->
                            assertThat(((NodeAdminException) e).status()).isEqualTo(400));
            assertThatThrownBy(() -> client.topology("http://127.0.0.1:19809"))
                    .isInstanceOf(NodeUnreachableException.class);
        }
    }
}
