package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.commands.GetConflictsCommand;
import net.ravendb.client.documents.commands.GetConflictsResult;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.documents.DocumentConflictException;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.ModifyConflictSolverOperation;

/**
 * The conflict walkthrough of Inside RavenDB ("Conflicts"), on real processes with the official client: two nodes
 * write the same document while they cannot see each other, so neither version descends from the other. Without a
 * solver the document is in conflict on every member (409, both versions listed) until a put resolves it by hand;
 * with "resolve to latest" the later write wins everywhere by itself.
 */
@Tag("process")
class ConflictWalkthroughIT {
    static final String DB = "walkthrough";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps the nodes' logs (nodeN.log)
    Path dir;

    public static class User {
        private String name;

        public User() {
        }

        User(String name) {
            this.name = name;
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
    }

    static DocumentStore pinnedTo(NodeProcess node) {
        DocumentStore store = new DocumentStore(node.url(), DB);
        store.getConventions().setDisableTopologyUpdates(true);
        store.initialize();
        return store;
    }

    static void write(NodeProcess node, String id, String name) {
        try (DocumentStore store = pinnedTo(node); IDocumentSession session = store.openSession()) {
            session.store(new User(name), id);
            session.saveChanges();
        }
    }

    /**
     * A writes {@code id} while B is down, then B writes it while A is down: two concurrent versions. C is down
     * throughout (the book's walkthrough has two nodes), so it cannot pass A's version on to B; all three are
     * running again at the end.
     */
    static void writeOnBothSidesUnseen(ClusterFixture cluster, String id) throws Exception {
        NodeProcess a = cluster.node(0);
        NodeProcess b = cluster.node(1);
        NodeProcess c = cluster.node(2);
        c.kill();
        b.kill();
        write(a, id, "from A");
        a.kill();
        b.start();
        Thread.sleep(20); // B's write is strictly the later one
        write(b, id, "from B");
        a.start();
        c.start();
    }

    static void awaitStatusEverywhere(ClusterFixture cluster, String id, int status, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            StringBuilder seen = new StringBuilder();
            boolean all = true;
            for (NodeProcess node : cluster.nodes) {
                int answer = DatabaseState.status(node.url(), DB, id);
                seen.append(' ').append(node.url()).append('=').append(answer);
                all &= answer == status;
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                for (NodeProcess node : cluster.nodes) { // what each member holds, for the failure message
                    seen.append("\n  ").append(node.url()).append(" document: ")
                            .append(ClusterFixture.get(node.url() + "/databases/" + DB + "/docs?id=" + id).body())
                            .append("\n  ").append(node.url()).append(" conflicts: ").append(ClusterFixture.get(
                                    node.url() + "/databases/" + DB + "/replication/conflicts?docId=" + id).body());
                }
                throw new AssertionError(id + " did not answer " + status + " everywhere:" + seen);
            }
            Thread.sleep(50);
        }
    }

    static ClusterFixture clusterWithDatabase(Path dir, int basePort) throws Exception {
        ClusterFixture cluster = new ClusterFixture(dir, 3, basePort, 3).start();
        try (DocumentStore store = pinnedTo(cluster.node(0))) {
            store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord(DB), 3));
        }
        cluster.awaitConverged(Duration.ofSeconds(15));
        write(cluster.node(0), "users/0", "seen by everyone");
        DatabaseState.awaitIdentical(cluster.nodes, DB, Duration.ofSeconds(10));
        return cluster;
    }

    /** No solver: the conflict stays, on every member, until someone resolves it by hand. */
    @Test
    void withoutSolverTheConflictWaitsForAManualResolution() throws Exception {
        try (ClusterFixture cluster = clusterWithDatabase(dir, 18420)) {
            writeOnBothSidesUnseen(cluster, "users/1");
            awaitStatusEverywhere(cluster, "users/1", 409, Duration.ofSeconds(20));
            for (NodeProcess node : cluster.nodes) {
                try (DocumentStore store = pinnedTo(node); IDocumentSession session = store.openSession()) {
                    assertThatThrownBy(() -> session.load(User.class, "users/1")).as("load on " + node.url())
                            .isInstanceOf(DocumentConflictException.class);
                }
                assertThat(ClusterFixture.get(node.url() + "/databases/" + DB + "/stats").body()
                        .path("CountOfConflicts").asLong()).as("conflicts on " + node.url()).isPositive();
                try (DocumentStore store = pinnedTo(node)) {
                    GetConflictsCommand command = new GetConflictsCommand("users/1");
                    store.getRequestExecutor().execute(command);
                    GetConflictsResult conflicts = command.getResult();
                    assertThat(conflicts.getResults()).as("versions in conflict on " + node.url()).hasSize(2);
                    assertThat(Arrays.stream(conflicts.getResults()).map(v -> v.getDoc().path("name").asText()))
                            .containsExactlyInAnyOrder("from A", "from B");
                    assertThat(Arrays.stream(conflicts.getResults()).map(GetConflictsResult.Conflict::getChangeVector))
                            .doesNotHaveDuplicates();
                }
            }
            // Other documents are not affected.
            assertThat(DatabaseState.status(cluster.node(2).url(), DB, "users/0")).isEqualTo(200);

            // Resolution by hand: a put of the document on one member replaces every version, everywhere.
            write(cluster.node(2), "users/1", "resolved by hand");
            awaitStatusEverywhere(cluster, "users/1", 200, Duration.ofSeconds(15));
            Map<String, DatabaseState> states = DatabaseState.awaitIdentical(cluster.nodes, DB,
                    Duration.ofSeconds(15));
            for (NodeProcess node : cluster.nodes) {
                assertThat(states.get(node.url()).byId().get("users/1").path("name").asText())
                        .as("users/1 on " + node.url()).isEqualTo("resolved by hand");
            }
        }
    }

    /** Resolve to latest: the same two-sided writes end as the later one everywhere, with no conflict left. */
    @Test
    void resolveToLatestEndsWithTheLaterWrite() throws Exception {
        try (ClusterFixture cluster = clusterWithDatabase(dir, 18430)) {
            Map<String, DatabaseState> states;
            try (DocumentStore store = pinnedTo(cluster.node(0))) {
                store.maintenance().server().send(new ModifyConflictSolverOperation(DB, Map.of(), true));
            }
            cluster.awaitConverged(Duration.ofSeconds(15)); // the solver on every node before any is killed
            writeOnBothSidesUnseen(cluster, "users/2");
            states = DatabaseState.awaitIdentical(cluster.nodes, DB, Duration.ofSeconds(20));
            for (NodeProcess node : cluster.nodes) {
                assertThat(states.get(node.url()).byId().get("users/2").path("name").asText())
                        .as("users/2 on " + node.url()).isEqualTo("from B");
                assertThat(states.get(node.url()).byId()).containsKeys("users/0");
                for (String id : states.get(node.url()).byId().keySet()) {
                    assertThat(DatabaseState.status(node.url(), DB, id)).as(id + " on " + node.url()).isEqualTo(200);
                }
                try (DocumentStore store = pinnedTo(node); IDocumentSession session = store.openSession()) {
                    assertThat(session.load(User.class, "users/2").getName()).isEqualTo("from B");
                }
            }
        }
    }
}
