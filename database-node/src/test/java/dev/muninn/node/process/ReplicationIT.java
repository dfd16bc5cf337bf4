package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.RavenTimeoutException;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * Multi-master replication between three real nodes, through the official client: a write on any member reaches
 * the others; a member killed with -9 catches up when it returns.
 */
@Tag("process")
class ReplicationIT {
    @TempDir
    Path dir;

    public static class Item {
        private String name;

        public Item() {
        }

        Item(String name) {
            this.name = name;
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
    }

    static DocumentStore storeOn(NodeProcess node) {
        DocumentStore store = new DocumentStore(node.url(), "repl");
        store.getConventions().setDisableTopologyUpdates(true); // pin to this node
        store.initialize();
        return store;
    }

    static void write(NodeProcess node, String id, String name) {
        try (DocumentStore store = storeOn(node); IDocumentSession session = store.openSession()) {
            session.store(new Item(name), id);
            session.saveChanges();
        }
    }

    static void awaitDocument(NodeProcess node, String id, String name, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DocumentStore store = storeOn(node)) {
            while (true) {
                try (IDocumentSession session = store.openSession()) {
                    Item item = session.load(Item.class, id);
                    if (item != null && name.equals(item.getName())) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(id + "=" + name + " did not reach " + node.url());
                }
                Thread.sleep(20);
            }
        }
    }

    /** The official client, given the topology, carries on with the next member when its preferred node dies. */
    @Test
    void theClientFailsOverWhenItsPreferredNodeIsKilled() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir, 3, 18300, 5).start()) {
            String[] urls = cluster.nodes.stream().map(NodeProcess::url).toArray(String[]::new);
            java.util.List<String> acknowledged = new java.util.ArrayList<>();
            NodeProcess[] killed = new NodeProcess[1];
            try (DocumentStore store = new DocumentStore(urls, "failover")) {
                store.initialize();
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("failover"), 3));
                for (int i = 0; i < 200; i++) {
                    if (i == 50) {
                        String preferred = store.getRequestExecutor().getPreferredNode().currentNode.getUrl();
                        killed[0] = cluster.nodes.stream().filter(n -> n.url().equals(preferred)).findFirst()
                                .orElseThrow();
                        killed[0].kill();
                    }
                    try (IDocumentSession session = store.openSession()) {
                        session.store(new Item("n" + i), "items/" + i);
                        session.saveChanges(); // no exception may reach the application
                        acknowledged.add("items/" + i);
                    }
                }
                assertDeadNodeIsServedLast(cluster, killed[0], store);
                // Writes the killed node acknowledged but had not yet replicated are on its disk: they arrive once it
                // is back (asynchronous replication loses no acknowledged write; it may delay it).
                killed[0].start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                long present = 0;
                while (present < 200 && System.nanoTime() < deadline) {
                    try (IDocumentSession session = store.openSession()) {
                        present = session.load(Item.class, acknowledged).values().stream().filter(v -> v != null)
                                .count();
                    }
                    Thread.sleep(100);
                }
                assertThat(present).isEqualTo(200);
            }
        }
    }

    /**
     * The leader moves the dead member to the end of the database topology, the client picks the new order up, and
     * the survivors' heartbeats report the dead destination as disconnected while the live one stays fresh.
     */
    private static void assertDeadNodeIsServedLast(ClusterFixture cluster, NodeProcess dead, DocumentStore store)
            throws Exception {
        NodeProcess survivor = cluster.nodes.stream().filter(NodeProcess::isAlive).findFirst().orElseThrow();
        String deadTag = ClusterFixture.get(survivor.url() + "/cluster/topology").body().path("Topology").path("AllNodes").properties().stream()
                .filter(e -> e.getValue().asText().equals(dead.url())).map(java.util.Map.Entry::getKey)
                .findFirst().orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        com.fasterxml.jackson.databind.JsonNode nodes = null;
        while (System.nanoTime() < deadline) {
            nodes = ClusterFixture.get(survivor.url() + "/topology?name=failover").body().path("Nodes");
            if (nodes.get(nodes.size() - 1).path("ClusterTag").asText().equals(deadTag)) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(nodes.get(nodes.size() - 1).path("ClusterTag").asText()).as("dead node served last: " + nodes)
                .isEqualTo(deadTag);
        try (IDocumentSession session = store.openSession()) {
            session.load(Item.class, "items/0"); // any request: the Refresh-Topology header makes the client re-read
        }
        store.getRequestExecutor().updateTopologyAsync(new net.ravendb.client.http.UpdateTopologyParameters(
                store.getRequestExecutor().getPreferredNode().currentNode)).get();
        java.util.List<net.ravendb.client.http.ServerNode> clientNodes = store.getRequestExecutor().getTopology()
                .getNodes();
        assertThat(clientNodes.get(clientNodes.size() - 1).getClusterTag()).isEqualTo(deadTag);

        com.fasterxml.jackson.databind.JsonNode outgoing = ClusterFixture.get(survivor.url()
                + "/databases/failover/replication/active-connections").body().path("OutgoingConnections");
        assertThat(outgoing).hasSize(2);
        for (com.fasterxml.jackson.databind.JsonNode connection : outgoing) {
            if (connection.path("NodeTag").asText().equals(deadTag)) {
                assertThat(connection.path("Connected").asBoolean()).as(connection.toString()).isFalse();
                assertThat(connection.path("LastError").asText()).as(connection.toString()).isNotBlank();
            } else {
                assertThat(connection.path("Connected").asBoolean()).as(connection.toString()).isTrue();
                assertThat(connection.path("Transport").asText()).as(connection.toString()).isEqualTo("stream");
                assertThat(connection.path("LastContactMillisAgo").asLong()).as("heartbeats keep it fresh: "
                        + connection).isBetween(0L, 2_500L);
            }
        }
    }

    @Test
    void writesOnAnyMemberReachEveryMember() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir, 3, 18200, 5).start()) {
            try (DocumentStore store = new DocumentStore(cluster.node(0).url(), "repl")) {
                store.initialize();
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("repl"), 3));
            }
            for (int i = 0; i < 3; i++) {
                write(cluster.node(i), "items/from-" + i, "written on " + i);
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    awaitDocument(cluster.node(j), "items/from-" + i, "written on " + i, Duration.ofSeconds(5));
                }
            }

            // Attachments and revisions travel with their document.
            try (DocumentStore store = storeOn(cluster.node(0))) {
                var revisions = new net.ravendb.client.documents.operations.revisions.RevisionsConfiguration();
                var items = new net.ravendb.client.documents.operations.revisions.RevisionsCollectionConfiguration();
                revisions.setCollections(Map.of("Items", items));
                store.maintenance().send(
                        new net.ravendb.client.documents.operations.revisions.ConfigureRevisionsOperation(revisions));
                byte[] photo = new byte[300_000];
                new java.util.Random(7).nextBytes(photo);
                try (IDocumentSession session = store.openSession()) {
                    session.store(new Item("with attachment"), "items/attached");
                    session.advanced().attachments().store("items/attached", "photo.bin",
                            new java.io.ByteArrayInputStream(photo));
                    session.saveChanges();
                }
                write(cluster.node(0), "items/attached", "second version");
                for (NodeProcess node : List.of(cluster.node(1), cluster.node(2))) {
                    awaitDocument(node, "items/attached", "second version", Duration.ofSeconds(5));
                    try (DocumentStore there = storeOn(node); IDocumentSession session = there.openSession();
                         var attachment = session.advanced().attachments().get("items/attached", "photo.bin")) {
                        assertThat(attachment).as("attachment on " + node.url()).isNotNull();
                        assertThat(attachment.getData().readAllBytes()).isEqualTo(photo);
                        assertThat(session.advanced().revisions().getFor(Item.class, "items/attached"))
                                .extracting(Item::getName).containsExactly("second version", "with attachment");
                    }
                }
            }

            // A member that was down catches up when it returns.
            NodeProcess down = cluster.node(1);
            down.kill();
            write(cluster.node(0), "items/while-down", "missed by 1");
            write(cluster.node(2), "items/from-0", "updated on 2");
            down.start();
            awaitDocument(down, "items/while-down", "missed by 1", Duration.ofSeconds(15));
            awaitDocument(down, "items/from-0", "updated on 2", Duration.ofSeconds(15));
            awaitDocument(cluster.node(0), "items/from-0", "updated on 2", Duration.ofSeconds(5));

            Map<String, Long> counts = new java.util.HashMap<>();
            for (NodeProcess node : cluster.nodes) {
                counts.put(node.url(), ClusterFixture.get(node.url() + "/databases/repl/stats").body()
                        .path("CountOfDocuments").asLong());
            }
            assertThat(counts.values()).containsOnly(5L);

            // Write assurance: the no-argument form waits for one other member (ADR 0006).
            try (DocumentStore store = storeOn(cluster.node(0)); IDocumentSession session = store.openSession()) {
                session.advanced().waitForReplicationAfterSaveChanges();
                session.store(new Item("assured"), "items/assured");
                session.saveChanges();
            }
            int holders = 0;
            for (NodeProcess node : List.of(cluster.node(1), cluster.node(2))) {
                holders += ClusterFixture.get(node.url() + "/databases/repl/docs?id=items/assured").status() == 200 ? 1 : 0;
            }
            assertThat(holders).as("replicated before saveChanges returned").isGreaterThanOrEqualTo(1);

            // Not enough members reachable: RavenTimeoutException, and the write is still kept.
            cluster.node(2).kill();
            try (DocumentStore store = storeOn(cluster.node(0)); IDocumentSession session = store.openSession()) {
                session.advanced().waitForReplicationAfterSaveChanges(
                        options -> options.numberOfReplicas(2).withTimeout(Duration.ofSeconds(1)));
                session.store(new Item("kept"), "items/kept");
                assertThatThrownBy(session::saveChanges).isInstanceOf(RavenTimeoutException.class)
                        .hasMessageContaining("replicated to 2");
            }
            awaitDocument(cluster.node(0), "items/kept", "kept", Duration.ofSeconds(1));
            awaitDocument(cluster.node(1), "items/kept", "kept", Duration.ofSeconds(5));
        }
    }
}
