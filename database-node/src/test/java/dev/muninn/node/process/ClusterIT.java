package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.process.ClusterFixture.Answer;
import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.DatabaseRecordWithEtag;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.GetDatabaseRecordOperation;

/**
 * Three real node processes: a database with replication factor 3 through the official client, its record on
 * every node, kill -9 of the leader (a new one takes over, the old one catches up), and loss of the majority
 * (cluster operations fail fast with 503, documents are still written).
 */
@Tag("process")
class ClusterIT {
    static final int TIMEOUT_SECONDS = 3;

    @TempDir
    Path dir;

    public static class Note {
        private String text;

        public Note() {
        }

        Note(String text) {
            this.text = text;
        }

        public String getText() { return text; }
        public void setText(String text) { this.text = text; }
    }

    @Test
    void databaseGroupsLeaderFailoverAndLostMajority() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir, 3, 18100, TIMEOUT_SECONDS).start()) {
            JsonNode topology = ClusterFixture.get(cluster.node(2).url() + "/cluster/topology").body();
            assertThat(topology.path("Topology").path("Members").size()).isEqualTo(3);
            assertThat(topology.path("NodeTag").asText()).isEqualTo("C");

            // Replication factor 3 through the official client, sent to a follower.
            try (DocumentStore store = new DocumentStore(cluster.node(2).url(), "crm")) {
                store.initialize();
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("crm"), 3));
                for (NodeProcess node : cluster.nodes) {
                    try (DocumentStore perNode = new DocumentStore(node.url(), "crm")) {
                        perNode.getConventions().setDisableTopologyUpdates(true);
                        perNode.initialize();
                        DatabaseRecordWithEtag record = perNode.maintenance().server()
                                .send(new GetDatabaseRecordOperation("crm"));
                        assertThat(record.getTopology().getMembers()).containsExactlyInAnyOrder("A", "B", "C");
                    }
                }
                try (IDocumentSession session = store.openSession()) {
                    session.store(new Note("before failover"), "notes/1");
                    session.saveChanges();
                }
            }
            String convergedBefore = cluster.awaitConverged(Duration.ofSeconds(10));

            // kill -9 of the leader: a new leader commits within a bounded time.
            NodeProcess oldLeader = cluster.leader();
            oldLeader.kill();
            NodeProcess survivor = cluster.nodes.stream().filter(NodeProcess::isAlive).findFirst().orElseThrow();
            long killedAt = System.nanoTime();
            Answer created = ClusterFixture.send("PUT", survivor.url() + "/admin/databases?name=afterFailover"
                    + "&replicationFactor=3", "{\"DatabaseName\":\"afterFailover\"}");
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            assertThat((System.nanoTime() - killedAt) / 1e9).as("seconds to the next committed command")
                    .isLessThan(TIMEOUT_SECONDS + 6);
            assertThat(cluster.leader()).isNotSameAs(oldLeader);

            // The old leader rejoins and catches up: nothing committed is lost.
            oldLeader.start();
            String converged = cluster.awaitConverged(Duration.ofSeconds(20));
            assertThat(converged).isNotEqualTo(convergedBefore);
            assertThat(ClusterFixture.get(oldLeader.url() + "/topology?name=afterFailover").status()).isEqualTo(200);

            // Lose the majority: cluster operations fail fast, documents are still written on the lone node.
            NodeProcess lone = cluster.node(0);
            cluster.node(1).kill();
            cluster.node(2).kill();
            long started = System.nanoTime();
            Answer refused = ClusterFixture.send("PUT", lone.url() + "/admin/databases?name=noMajority",
                    "{\"DatabaseName\":\"noMajority\"}");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body().path("Type").asText()).isEqualTo("Raven.Client.Exceptions.Cluster.NoLeaderException");
            assertThat(seconds).as("fails within the operation timeout").isLessThan(TIMEOUT_SECONDS + 3);
            try (DocumentStore alone = new DocumentStore(lone.url(), "crm")) {
                alone.getConventions().setDisableTopologyUpdates(true);
                alone.initialize();
                try (IDocumentSession session = alone.openSession()) {
                    session.store(new Note("written without a majority"), "notes/alone");
                    session.saveChanges();
                }
                try (IDocumentSession session = alone.openSession()) {
                    assertThat(session.load(Note.class, "notes/alone").getText()).isEqualTo("written without a majority");
                }
            }

            // The majority returns: cluster operations work again and every node has the same state.
            cluster.node(1).start();
            cluster.node(2).start();
            Answer noop = ClusterFixture.send("POST", lone.url() + "/admin/cluster/noop", null);
            for (int attempt = 0; noop.status() != 200 && attempt < 5; attempt++) {
                noop = ClusterFixture.send("POST", lone.url() + "/admin/cluster/noop", null);
            }
            assertThat(noop.status()).as(noop.body().toString()).isEqualTo(200);
            cluster.awaitConverged(Duration.ofSeconds(20));

            // A watcher takes no part in the majority, and follows the log again after a leader change.
            Answer demoted = ClusterFixture.send("POST", lone.url() + "/admin/cluster/demote?nodeTag=C", null);
            assertThat(demoted.status()).isEqualTo(204);
            NodeProcess voterB = cluster.nodes.stream().filter(n -> n != lone && n != cluster.node(2)).findFirst()
                    .orElseThrow();
            voterB.kill();
            assertThat(ClusterFixture.send("POST", lone.url() + "/admin/cluster/noop", null).status())
                    .as("A and the watcher C are not a majority").isEqualTo(503);
            voterB.start();
            Answer back = ClusterFixture.send("POST", lone.url() + "/admin/cluster/noop", null);
            for (int attempt = 0; back.status() != 200 && attempt < 5; attempt++) {
                back = ClusterFixture.send("POST", lone.url() + "/admin/cluster/noop", null);
            }
            assertThat(back.status()).isEqualTo(200);
            cluster.awaitConverged(Duration.ofSeconds(20));
            JsonNode watchers = ClusterFixture.get(lone.url() + "/cluster/topology").body().path("Topology").path("Watchers");
            assertThat(watchers.has("C")).isTrue();
        }
    }
}
