package dev.muninn.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.muninn.node.cluster.NodeInfo;
import dev.muninn.node.cluster.commands.AddNode;
import dev.muninn.node.cluster.commands.BootstrapCluster;
import dev.muninn.node.cluster.commands.CreateDatabase;
import dev.muninn.node.cluster.commands.PutCompareExchange;
import dev.muninn.node.cluster.state.ClusterStore;

/** Nodes before ADR 0030 kept the cluster state in System; the move carries it over whole, once. */
class ClusterStoresMoveTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    Path dir;

    /** The layout of an older node: settings and the cluster stores side by side in System. */
    private String writeOldLayout() {
        try (StorageEnvironment system = new StorageEnvironment(dir.resolve("System"), true)) {
            ServerStorage settings = ServerStorage.system(system);
            system.write(txn -> {
                settings.putSetting(txn, "server-id", "server-A");
                return null;
            });
            ClusterStore old = new ClusterStore(ServerStorage.cluster(system));
            old.apply(new BootstrapCluster("topology-1", node("A")), 1, 1);
            old.apply(new AddNode(node("B")), 1, 2);
            old.apply(new CreateDatabase("orders", List.of("A", "B"), 2, "t1", JSON.createObjectNode()), 1, 3);
            old.apply(new PutCompareExchange("orders", "users/1", 0, JSON.createObjectNode().put("Object", "x")), 1, 4);
            return old.hash();
        }
    }

    @Test
    void movesEveryClusterStoreOnceAndLeavesTheNodesOwnStateInSystem() {
        String before = writeOldLayout();
        try (StorageEnvironment system = new StorageEnvironment(dir.resolve("System"), true);
             StorageEnvironment cluster = new StorageEnvironment(dir.resolve("Cluster"), false)) {
            assertThat(ClusterStoresMove.run(system, cluster)).isEqualTo(ServerStorage.CLUSTER_STORES.size());
            assertThat(ClusterStoresMove.run(system, cluster)).isZero();

            ClusterStore moved = new ClusterStore(ServerStorage.cluster(cluster));
            assertThat(moved.hash()).isEqualTo(before);
            assertThat(moved.appliedIndex()).isEqualTo(4);
            assertThat(moved.view().records()).containsKey("orders");
            assertThat(moved.compareExchange("orders", "users/1")).isPresent();
            List<String> left = system.read(txn -> ServerStorage.CLUSTER_STORES.stream()
                    .filter(name -> system.storeExists(name, txn)).toList());
            assertThat(left).isEmpty();
            ServerStorage settings = ServerStorage.system(system);
            java.util.Optional<String> serverId = system.read(txn -> settings.setting(txn, "server-id"));
            assertThat(serverId).contains("server-A");
        }
    }

    @Test
    void aMoveCutShortAfterTheCopyKeepsTheCopyAndOnlyFinishesTheRemoval() {
        String before = writeOldLayout();
        try (StorageEnvironment system = new StorageEnvironment(dir.resolve("System"), true);
             StorageEnvironment cluster = new StorageEnvironment(dir.resolve("Cluster"), false)) {
            ClusterStore copy = new ClusterStore(ServerStorage.cluster(cluster));
            // As if the copy had been made and the cluster moved on before the process died: a later state.
            copy.load(new ClusterStore(ServerStorage.cluster(system)).dump());
            copy.apply(new CreateDatabase("invoices", List.of("A"), 1, "t2", JSON.createObjectNode()), 1, 5);
            String later = copy.hash();
            assertThat(later).isNotEqualTo(before);

            assertThat(ClusterStoresMove.run(system, cluster)).isEqualTo(ServerStorage.CLUSTER_STORES.size());

            assertThat(new ClusterStore(ServerStorage.cluster(cluster)).hash()).isEqualTo(later);
            boolean left = system.read(txn -> system.storeExists(ServerStorage.CLUSTER_META, txn));
            assertThat(left).isFalse();
        }
    }

    private static NodeInfo node(String tag) {
        return new NodeInfo(tag, "server-" + tag, "http://" + tag, tag + ":1", false);
    }
}
