package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.operations.DatabaseStatistics;
import net.ravendb.client.documents.operations.GetStatisticsOperation;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.http.ServerNode;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.DatabaseRecordWithEtag;
import net.ravendb.client.serverwide.operations.AddDatabaseNodeOperation;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.DatabasePutResult;
import net.ravendb.client.serverwide.operations.GetDatabaseRecordOperation;

/**
 * The supervisor on three real nodes, through the official client: a member killed with -9 under writes is demoted
 * and clients stop being sent to it; restarted, it catches up and is promoted with every acknowledged write; a node
 * added to a database that holds many documents, while writes go on, ends identical and promoted.
 */
@Tag("process")
class SupervisorIT {
    /** Short timings so the test takes seconds; the decisions are the same as with RavenDB's defaults. */
    private static final String REHAB_SECONDS = "3";

    @TempDir
    Path dir;

    private static ClusterFixture cluster(Path dir, int basePort) {
        return withSupervisorTimings(new ClusterFixture(dir, 3, basePort, 5));
    }

    private static ClusterFixture withSupervisorTimings(ClusterFixture fixture) {
        fixture.nodes.forEach(n -> n.withSetting("Cluster.SupervisorSamplePeriodInMs", "250")
                .withSetting("Cluster.TimeBeforeMovingToRehabInSec", REHAB_SECONDS)
                .withSetting("Cluster.StabilizationTimeInSec", "1")
                .withSetting("Cluster.TimeBeforeAddingReplicaInSec", "3600"));
        return fixture;
    }

    @Test
    void aKilledMemberIsDemotedAndAfterItsRestartCaughtUpAndPromoted() throws Exception {
        try (ClusterFixture cluster = cluster(dir, 18700).start()) {
            String[] urls = cluster.nodes.stream().map(NodeProcess::url).toArray(String[]::new);
            List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            try (DocumentStore store = new DocumentStore(urls, "sup")) {
                store.initialize();
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("sup"), 3));
                Thread writer = new Thread(() -> {
                    int i = 0;
                    while (writing.get()) {
                        try (IDocumentSession session = store.openSession()) {
                            String id = "items/" + i++;
                            session.store(new ReplicationIT.Item("n" + i), id);
                            session.saveChanges();
                            acknowledged.add(id);
                        } catch (RuntimeException e) {
                            writerFailure.compareAndSet(null, e); // failover must hide the dead node from the app
                        }
                    }
                }, "writer");
                writer.start();
                Thread.sleep(1500);

                NodeProcess leader = cluster.leader();
                NodeProcess victim = cluster.nodes.stream().filter(n -> n != leader).reduce((a, b) -> b).orElseThrow();
                String victimTag = tagOf(cluster, victim);
                long killedAt = System.nanoTime();
                victim.kill();

                JsonNode topology = awaitTopology(leader, "sup", t -> contains(t.path("Rehabs"), victimTag), Duration.ofSeconds(30));
                double demotedAfter = (System.nanoTime() - killedAt) / 1e9;
                System.out.printf("SUPERVISOR demoted %s %.2f s after kill -9 (TimeBeforeMovingToRehabInSec=%s)%n",
                        victimTag, demotedAfter, REHAB_SECONDS);
                assertThat(contains(topology.path("Members"), victimTag)).isFalse();
                assertThat(demotedAfter).isLessThan(Integer.parseInt(REHAB_SECONDS) + 10);
                assertThat(topology.path("DemotionReasons").path(victimTag).asText()).contains("has not answered");
                JsonNode clientTopology = ClusterFixture.get(leader.url() + "/topology?name=sup").body();
                assertThat(clientTopology.path("Nodes").findValuesAsText("Url")).doesNotContain(victim.url());

                // The client learns the new topology through Refresh-Topology and no longer offers the rehab.
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                List<String> offered = List.of();
                while (System.nanoTime() < deadline) {
                    offered = store.getRequestExecutor().getTopologyNodes().stream().map(ServerNode::getUrl).toList();
                    if (!offered.contains(victim.url())) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(offered).doesNotContain(victim.url());

                long restartedAt = System.nanoTime();
                victim.start();
                long answeringAt = System.nanoTime();
                awaitTopology(leader, "sup", t -> contains(t.path("Members"), victimTag) && t.path("Rehabs").isEmpty(),
                        Duration.ofSeconds(60));
                System.out.printf("SUPERVISOR %s answered %.2f s after its restart, promoted %.2f s after that%n",
                        victimTag, (answeringAt - restartedAt) / 1e9, (System.nanoTime() - answeringAt) / 1e9);
                writing.set(false);
                writer.join();
                assertThat(writerFailure.get()).as("errors the application saw").isNull();

                DatabaseRecordWithEtag record = store.maintenance().server().send(new GetDatabaseRecordOperation("sup"));
                assertThat(record.getTopology().getMembers()).contains(victimTag);
                assertThat(record.getTopology().getRehabs()).isEmpty();
                assertAllPresent(victim, "sup", acknowledged, Duration.ofSeconds(30));
            }
        }
    }

    /**
     * The supervisor judges nodes by what clients see: a node whose HTTP port stops answering while its Raft keeps
     * working (it still applies the log) is demoted all the same, and promoted again once HTTP answers.
     */
    @Test
    void aNodeWhoseHttpFailsWhileItsRaftWorksIsDemoted() throws Exception {
        try (ClusterFixture cluster = withSupervisorTimings(ClusterFixture.proxied(dir, 3, 19000, 19100, 5)).start()) {
            NodeProcess leader = cluster.leader();
            int victimIndex = cluster.nodes.indexOf(cluster.nodes.stream().filter(n -> n != leader)
                    .reduce((a, b) -> b).orElseThrow());
            NodeProcess victim = cluster.node(victimIndex);
            String victimTag = tagOf(cluster, victim);
            try (DocumentStore store = pinned(leader, "http-only")) {
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("http-only"), 3));
            }
            cluster.httpProxies.get(victimIndex).cut(); // the cluster reaches its HTTP through this proxy only
            long appliedBefore = ClusterFixture.get(victim.url() + "/admin/cluster/state").body().path("Index").asLong();
            awaitTopology(leader, "http-only", t -> contains(t.path("Rehabs"), victimTag), Duration.ofSeconds(30));
            ClusterFixture.send("POST", leader.url() + "/admin/cluster/noop", null);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long appliedAfter = appliedBefore;
            while (appliedAfter <= appliedBefore && System.nanoTime() < deadline) {
                appliedAfter = ClusterFixture.get(victim.url() + "/admin/cluster/state").body().path("Index").asLong();
                Thread.sleep(100);
            }
            assertThat(appliedAfter).as("Raft still reaches the demoted node").isGreaterThan(appliedBefore);

            cluster.httpProxies.get(victimIndex).heal();
            awaitTopology(leader, "http-only", t -> contains(t.path("Members"), victimTag) && t.path("Rehabs").isEmpty(),
                    Duration.ofSeconds(30));
        }
    }

    @Test
    void anAddedNodeCatchesUpWhileWritesGoOnAndIsPromoted() throws Exception {
        int documents = Integer.getInteger("muninn.supervisor.documents", 100_000);
        try (ClusterFixture cluster = cluster(dir, 18800).start()) {
            NodeProcess first = cluster.node(0);
            try (DocumentStore store = new DocumentStore(first.url(), "grow")) {
                store.getConventions().setDisableTopologyUpdates(true);
                store.initialize();
                DatabaseRecord create = new DatabaseRecord("grow");
                store.maintenance().server().send(new CreateDatabaseOperation(create, 1));
                String owner = store.maintenance().server().send(new GetDatabaseRecordOperation("grow"))
                        .getTopology().getMembers().get(0);
                NodeProcess ownerNode = nodeOf(cluster, owner);
                List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
                try (DocumentStore writerStore = pinned(ownerNode, "grow")) {
                    long loadStart = System.nanoTime();
                    for (int batch = 0; batch < documents / 1000; batch++) {
                        try (IDocumentSession session = writerStore.openSession()) {
                            for (int i = 0; i < 1000; i++) {
                                session.store(new ReplicationIT.Item("v" + i), "docs/" + batch + "-" + i);
                            }
                            session.saveChanges();
                        }
                    }
                    System.out.printf("SUPERVISOR loaded %d documents in %.1f s%n", documents,
                            (System.nanoTime() - loadStart) / 1e9);

                    String target = cluster.nodes.stream().map(n -> tagOfQuietly(cluster, n))
                            .filter(t -> !t.equals(owner)).findFirst().orElseThrow();
                    AtomicBoolean writing = new AtomicBoolean(true);
                    Thread writer = new Thread(() -> {
                        int i = 0;
                        while (writing.get()) {
                            try (IDocumentSession session = writerStore.openSession()) {
                                String id = "live/" + i++;
                                session.store(new ReplicationIT.Item("live"), id);
                                session.saveChanges();
                                acknowledged.add(id);
                            }
                        }
                    }, "writer");
                    writer.start();
                    long addedAt = System.nanoTime();
                    DatabasePutResult added = store.maintenance().server().send(new AddDatabaseNodeOperation("grow", target));
                    assertThat(added.getTopology().getPromotables()).contains(target);
                    assertThat(added.getNodesAddedTo()).containsExactly(nodeOf(cluster, target).url());

                    awaitTopology(ownerNode, "grow", t -> contains(t.path("Members"), target), Duration.ofMinutes(5));
                    double caughtUp = (System.nanoTime() - addedAt) / 1e9;
                    System.out.printf("SUPERVISOR added %s to a database of %d documents: promoted after %.1f s "
                            + "(%.0f documents/s) while writes went on%n", target, documents, caughtUp, documents / caughtUp);
                    writing.set(false);
                    writer.join();
                }
                NodeProcess targetNode = nodeOf(cluster, tagOfTarget(store));
                assertAllPresent(targetNode, "grow", acknowledged, Duration.ofSeconds(30));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                long onOwner = -1;
                long onTarget = -2;
                while (System.nanoTime() < deadline && onOwner != onTarget) {
                    onOwner = count(ownerNode, "grow");
                    onTarget = count(targetNode, "grow");
                    Thread.sleep(200);
                }
                assertThat(onTarget).isEqualTo(onOwner).isEqualTo(documents + acknowledged.size());
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static String tagOfTarget(DocumentStore store) {
        List<String> members = store.maintenance().server().send(new GetDatabaseRecordOperation("grow")).getTopology()
                .getMembers();
        return members.get(members.size() - 1);
    }

    private static DocumentStore pinned(NodeProcess node, String database) {
        DocumentStore store = new DocumentStore(node.url(), database);
        store.getConventions().setDisableTopologyUpdates(true);
        store.initialize();
        return store;
    }

    private static long count(NodeProcess node, String database) {
        try (DocumentStore store = pinned(node, database)) {
            DatabaseStatistics stats = store.maintenance().send(new GetStatisticsOperation());
            return stats.getCountOfDocuments();
        }
    }

    private static void assertAllPresent(NodeProcess node, String database, List<String> ids, Duration timeout)
            throws InterruptedException {
        List<String> expected = List.copyOf(ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        long present = 0;
        try (DocumentStore store = pinned(node, database)) {
            while (System.nanoTime() < deadline) {
                present = 0;
                for (int from = 0; from < expected.size(); from += 500) {
                    try (IDocumentSession session = store.openSession()) {
                        present += session.load(ReplicationIT.Item.class, expected.subList(from, Math.min(expected.size(), from + 500)))
                                .values().stream().filter(v -> v != null).count();
                    }
                }
                if (present == expected.size()) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        assertThat(present).as("acknowledged writes on " + node.url()).isEqualTo(expected.size());
    }

    /** The database's record topology (members, promotables, rehabs, reasons) once {@code condition} holds. */
    static JsonNode awaitTopology(NodeProcess node, String database,
                                          java.util.function.Predicate<JsonNode> condition, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode topology = null;
        while (System.nanoTime() < deadline) {
            topology = ClusterFixture.get(node.url() + "/admin/databases?name=" + database).body()
                    .path("Topology");
            if (condition.test(topology)) {
                return topology;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("topology condition not reached within " + timeout + "; last: " + topology);
    }

    static boolean contains(JsonNode array, String tag) {
        for (JsonNode element : array) {
            if (element.asText().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    static String tagOf(ClusterFixture cluster, NodeProcess node) throws Exception {
        return ClusterFixture.get(node.url() + "/cluster/node-info").body().path("NodeTag").asText();
    }

    private static String tagOfQuietly(ClusterFixture cluster, NodeProcess node) {
        try {
            return tagOf(cluster, node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static NodeProcess nodeOf(ClusterFixture cluster, String tag) {
        return cluster.nodes.stream().filter(n -> tagOfQuietly(cluster, n).equals(tag)).findFirst().orElseThrow();
    }
}
