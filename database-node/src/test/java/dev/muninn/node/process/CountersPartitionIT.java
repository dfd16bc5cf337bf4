package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * Counters across a network partition between real processes (issue 20, ADR 0040): clients increment the same
 * counter on both sides and create different counters on each; after healing every member has every increment
 * (they add up, none is lost or counted twice), both new counters, the same document with both in its
 * {@code @counters}, and no conflict.
 */
@Tag("process")
class CountersPartitionIT {
    private static final String DB = "counters";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps the nodes' logs
    Path dir;

    public static class User {
        public String Name;

        public User() {
        }

        User(String name) {
            Name = name;
        }
    }

    private static DocumentStore pinnedTo(NodeProcess node) {
        DocumentStore store = new DocumentStore(node.url(), DB);
        store.getConventions().setDisableTopologyUpdates(true); // the direct URL, never the proxies
        store.initialize();
        return store;
    }

    private static void increment(NodeProcess node, String counter, long delta) {
        try (DocumentStore store = pinnedTo(node); IDocumentSession session = store.openSession()) {
            session.countersFor("users/1").increment(counter, delta);
            session.saveChanges();
        }
    }

    /** The document's counters on one member, by name, read from that member alone. */
    private static Map<String, Long> counters(NodeProcess node) throws Exception {
        Answer answer = ClusterFixture.get(node.url() + "/databases/" + DB + "/counters?docId=users/1");
        assertThat(answer.status()).as("counters on " + node.url() + ": " + answer.body()).isEqualTo(200);
        Map<String, Long> values = new TreeMap<>();
        for (JsonNode detail : answer.body().path("Counters")) {
            values.put(detail.path("CounterName").asText(), detail.path("TotalValue").asLong());
        }
        return values;
    }

    private static void awaitCounters(NodeProcess node, Map<String, Long> expected, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> seen = counters(node);
        while (!seen.equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("counters on " + node.url() + ": " + seen + ", expected " + expected);
            }
            Thread.sleep(100);
            seen = counters(node);
        }
    }

    @Test
    void concurrentIncrementsOnBothSidesOfAPartitionAddUp() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.proxied(dir, 3, 19820, 19980, 3).start()) {
            NodeProcess a = cluster.node(0);
            NodeProcess b = cluster.node(1);
            NodeProcess c = cluster.node(2);
            try (DocumentStore store = pinnedTo(a)) {
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord(DB), 3));
            }
            cluster.awaitConverged(Duration.ofSeconds(15));
            try (DocumentStore store = pinnedTo(a); IDocumentSession session = store.openSession()) {
                session.store(new User("Ada"), "users/1");
                session.countersFor("users/1").increment("likes", 1);
                session.saveChanges();
            }
            for (NodeProcess node : cluster.nodes) {
                awaitCounters(node, Map.of("likes", 1L), Duration.ofSeconds(10));
            }

            cluster.isolate(2, true); // C can neither reach nor be reached by A and B
            for (int i = 0; i < 3; i++) {
                increment(a, "likes", 10);
            }
            increment(b, "likes", 100);
            increment(a, "fromA", 1);
            increment(c, "likes", 1000);
            increment(c, "fromC", 5);

            // a real partition: A and B see each other's increments, C none of theirs, and they none of C's
            awaitCounters(a, Map.of("likes", 131L, "fromA", 1L), Duration.ofSeconds(10));
            awaitCounters(b, Map.of("likes", 131L, "fromA", 1L), Duration.ofSeconds(10));
            Thread.sleep(1_000);
            assertThat(counters(c)).as("the isolated C").isEqualTo(Map.of("likes", 1001L, "fromC", 5L));

            cluster.isolate(2, false);
            Map<String, Long> merged = Map.of("likes", 1131L, "fromA", 1L, "fromC", 5L);
            for (NodeProcess node : cluster.nodes) {
                awaitCounters(node, merged, Duration.ofSeconds(30));
            }
            Map<String, DatabaseState> states = DatabaseState.awaitIdentical(cluster.nodes, DB, Duration.ofSeconds(30));
            for (NodeProcess node : cluster.nodes) {
                DatabaseState state = states.get(node.url());
                assertThat(state.conflicts()).as("conflicts on " + node.url()).isZero();
                JsonNode names = state.byId().get("users/1").path("@metadata").path("@counters");
                assertThat(names.toString()).as("@counters on " + node.url()).isEqualTo("[\"fromA\",\"fromC\",\"likes\"]");
            }

            // and a delete on one member reaches the others; an increment after it starts the counter again
            increment(b, "likes", 0); // nothing changes the total
            try (DocumentStore store = pinnedTo(b); IDocumentSession session = store.openSession()) {
                session.countersFor("users/1").delete("fromC");
                session.saveChanges();
            }
            for (NodeProcess node : cluster.nodes) {
                awaitCounters(node, Map.of("likes", 1131L, "fromA", 1L), Duration.ofSeconds(10));
            }
            increment(c, "fromC", 2);
            for (NodeProcess node : cluster.nodes) {
                awaitCounters(node, Map.of("likes", 1131L, "fromA", 1L, "fromC", 2L), Duration.ofSeconds(10));
            }
            DatabaseState.awaitIdentical(cluster.nodes, DB, Duration.ofSeconds(30));

            // write assurance covers an increment, which leaves the document's version as it was
            try (DocumentStore store = pinnedTo(a); IDocumentSession session = store.openSession()) {
                session.advanced().waitForReplicationAfterSaveChanges(options -> options.numberOfReplicas(2)
                        .withTimeout(Duration.ofSeconds(10)));
                session.countersFor("users/1").increment("likes", 9);
                session.saveChanges();
            }
            assertThat(counters(b).get("likes")).as("on B as soon as the write returned").isEqualTo(1140L);
            assertThat(counters(c).get("likes")).as("on C as soon as the write returned").isEqualTo(1140L);
        }
    }
}
