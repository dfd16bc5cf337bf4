package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.process.ClusterFixture.Answer;
import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.ScriptResolver;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.ModifyConflictSolverOperation;

/**
 * A network partition between real processes: all node-to-node traffic (Raft and replication) goes through
 * {@link FaultProxy}s, node C is cut off from A and B while clients keep writing on both sides, then the network
 * heals. Cluster operations fail on the minority side only; after healing every member holds the same documents:
 * the shopping cart merged by the collection's script, the user resolved to the latest write, no conflict left.
 */
@Tag("process")
class PartitionIT {
    static final String DB = "partition";
    static final int TIMEOUT_SECONDS = 3;

    /**
     * The shopping-cart merge (Inside RavenDB, "Conflicts"): every product of every version, at the largest quantity
     * seen. Items are sorted by product, so every member that resolves the conflict writes the very same document.
     */
    static final String CART_MERGE = """
            var quantities = {};
            var customer = null;
            for (var i = 0; i < docs.length; i++) {
                var cart = docs[i];
                if (cart == null) {
                    continue; // a deleted version adds nothing
                }
                if (customer == null) {
                    customer = cart.Customer;
                }
                var items = cart.Items || [];
                for (var j = 0; j < items.length; j++) {
                    var item = items[j];
                    var known = quantities[item.ProductId];
                    if (known === undefined || item.Quantity > known) {
                        quantities[item.ProductId] = item.Quantity;
                    }
                }
            }
            var products = Object.keys(quantities).sort();
            var merged = { Customer: customer, Items: [] };
            for (var k = 0; k < products.length; k++) {
                merged.Items.push({ ProductId: products[k], Quantity: quantities[products[k]] });
            }
            return merged;
            """;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps the nodes' logs (nodeN.log)
    Path dir;

    /** PascalCase public fields: stored as {@code {"Customer":…,"Items":[{"ProductId":…,"Quantity":…}]}}. */
    public static class ShoppingCart {
        public String Customer;
        public List<CartItem> Items = new ArrayList<>();

        public ShoppingCart() {
        }

        ShoppingCart(String customer) {
            Customer = customer;
        }

        ShoppingCart with(String product, int quantity) {
            CartItem item = new CartItem();
            item.ProductId = product;
            item.Quantity = quantity;
            Items.add(item);
            return this;
        }
    }

    public static class CartItem {
        public String ProductId;
        public int Quantity;
    }

    public static class User {
        public String Name;

        public User() {
        }

        User(String name) {
            Name = name;
        }
    }

    static DocumentStore pinnedTo(NodeProcess node) {
        DocumentStore store = new DocumentStore(node.url(), DB);
        store.getConventions().setDisableTopologyUpdates(true); // the direct URL, never the proxies
        store.initialize();
        return store;
    }

    static void write(NodeProcess node, Map<String, Object> documents) {
        try (DocumentStore store = pinnedTo(node); IDocumentSession session = store.openSession()) {
            documents.forEach((id, entity) -> session.store(entity, id));
            session.saveChanges();
        }
    }

    @Test
    void partitionedWritesMergeAfterHealing() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.proxied(dir, 3, 18400, 18500, TIMEOUT_SECONDS).start()) {
            NodeProcess a = cluster.node(0);
            NodeProcess b = cluster.node(1);
            NodeProcess c = cluster.node(2);
            JsonNode topology = ClusterFixture.get(a.url() + "/cluster/topology").body().path("Topology");
            assertThat(topology.path("AllNodes").toString()).as("the cluster knows the nodes by their proxies")
                    .contains("127.0.0.1:18501", "127.0.0.1:18502", "127.0.0.1:18503").doesNotContain(":18401");

            try (DocumentStore store = pinnedTo(a)) {
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord(DB), 3));
                ScriptResolver carts = new ScriptResolver();
                carts.setScript(CART_MERGE);
                store.maintenance().server().send(new ModifyConflictSolverOperation(DB,
                        Map.of("ShoppingCarts", carts), true));
            }
            cluster.awaitConverged(Duration.ofSeconds(15)); // the record and its solver on every node
            write(a, Map.of("before/1", new User("written before the partition")));
            DatabaseState.awaitIdentical(cluster.nodes, DB, Duration.ofSeconds(10));

            // The partition: C can neither reach nor be reached by A and B (Raft and replication alike).
            cluster.isolate(2, true);

            // Cluster operations: the majority side commits, the minority side fails within the timeout.
            long started = System.nanoTime();
            Answer onC = ClusterFixture.send("POST", c.url() + "/admin/cluster/noop", null);
            double secondsOnC = (System.nanoTime() - started) / 1e9;
            assertThat(onC.status()).as("noop on the isolated C: " + onC.body()).isGreaterThanOrEqualTo(300);
            assertThat(secondsOnC).as("C fails within the operation timeout").isLessThan(TIMEOUT_SECONDS + 3);
            Answer onA = ClusterFixture.send("POST", a.url() + "/admin/cluster/noop", null);
            for (int attempt = 0; onA.status() != 200 && attempt < 5; attempt++) {
                onA = ClusterFixture.send("POST", a.url() + "/admin/cluster/noop", null); // a new leader, if C led
            }
            assertThat(onA.status()).as("noop on A, with B a majority: " + onA.body()).isEqualTo(200);

            // Writes on both sides: the same ids (the cart, the user: C writes later) and ids of their own.
            write(a, Map.of(
                    "carts/1", new ShoppingCart("customers/1").with("products/apples", 2).with("products/bread", 1),
                    "users/1", new User("from A"),
                    "sideA/1", new User("a1"), "sideA/2", new User("a2")));
            Thread.sleep(50); // C's write of users/1 is strictly the later one
            write(c, Map.of(
                    "carts/1", new ShoppingCart("customers/1").with("products/apples", 5).with("products/cheese", 3),
                    "users/1", new User("from C"),
                    "sideC/1", new User("c1"), "sideC/2", new User("c2")));

            // It is a real partition: B gets A's writes, C gets none of them and A and B none of C's.
            awaitStatus(b, "sideA/2", 200, Duration.ofSeconds(10));
            Thread.sleep(1_500); // time enough for replication, had the partition let anything through
            assertThat(DatabaseState.status(c.url(), DB, "sideA/2")).as("A's write on the isolated C").isEqualTo(404);
            assertThat(DatabaseState.status(a.url(), DB, "sideC/2")).as("C's write on A").isEqualTo(404);
            assertThat(DatabaseState.status(b.url(), DB, "sideC/2")).as("C's write on B").isEqualTo(404);
            assertThat(name(c, "users/1")).isEqualTo("from C");
            assertThat(name(b, "users/1")).isEqualTo("from A");

            // Heal: every member ends with the same documents, conflicts resolved by the solver.
            cluster.isolate(2, false);
            long healedAt = System.nanoTime();
            Map<String, DatabaseState> states = DatabaseState.awaitIdentical(cluster.nodes, DB, Duration.ofSeconds(30));
            System.out.printf("PartitionIT: members identical %.1f s after healing: %s%n",
                    (System.nanoTime() - healedAt) / 1e9, states.values().iterator().next().summary());
            List<String> ids = List.of("before/1", "carts/1", "users/1", "sideA/1", "sideA/2", "sideC/1", "sideC/2");
            for (NodeProcess node : cluster.nodes) {
                DatabaseState state = states.get(node.url());
                assertThat(state.byId().keySet()).as("documents on " + node.url()).containsExactlyInAnyOrderElementsOf(ids);
                for (String id : ids) {
                    assertThat(DatabaseState.status(node.url(), DB, id)).as(id + " on " + node.url()).isEqualTo(200);
                }
                JsonNode cart = state.byId().get("carts/1");
                assertThat(cart.path("Customer").asText()).isEqualTo("customers/1");
                assertThat(quantities(cart)).as("the merged cart on " + node.url())
                        .containsExactlyEntriesOf(new TreeMap<>(Map.of(
                                "products/apples", 5, "products/bread", 1, "products/cheese", 3)));
                assertThat(cart.path("@metadata").path("@collection").asText()).isEqualTo("ShoppingCarts");
                assertThat(state.byId().get("users/1").path("Name").asText()).as("latest write wins on " + node.url())
                        .isEqualTo("from C");
            }

            // The cluster is whole again: C commits cluster operations and has the same cluster state.
            Answer healedNoop = ClusterFixture.send("POST", c.url() + "/admin/cluster/noop", null);
            for (int attempt = 0; healedNoop.status() != 200 && attempt < 5; attempt++) {
                healedNoop = ClusterFixture.send("POST", c.url() + "/admin/cluster/noop", null);
            }
            assertThat(healedNoop.status()).as("noop on C after healing: " + healedNoop.body()).isEqualTo(200);
            cluster.awaitConverged(Duration.ofSeconds(20));
        }
    }

    static void awaitStatus(NodeProcess node, String id, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = DatabaseState.status(node.url(), DB, id);
        while (last != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " on " + node.url() + " answered " + last + ", not " + status);
            }
            Thread.sleep(50);
            last = DatabaseState.status(node.url(), DB, id);
        }
    }

    static String name(NodeProcess node, String id) throws Exception {
        Answer answer = ClusterFixture.get(node.url() + "/databases/" + DB + "/docs?id=" + id);
        assertThat(answer.status()).as(id + " on " + node.url()).isEqualTo(200);
        return answer.body().path("Results").path(0).path("Name").asText();
    }

    /** The cart's items as product → quantity, in the stored order. */
    static Map<String, Integer> quantities(JsonNode cart) {
        Map<String, Integer> result = new java.util.LinkedHashMap<>();
        cart.path("Items").forEach(item -> result.put(item.path("ProductId").asText(), item.path("Quantity").asInt()));
        return result;
    }
}
