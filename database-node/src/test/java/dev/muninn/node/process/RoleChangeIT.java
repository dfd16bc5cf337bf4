package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.process.ClusterFixture.Answer;

/**
 * The vote of a running node changes through Raft, and the node keeps applying the cluster's log in either role:
 * a node demoted right after a restart (as a pod replaced by a rolling update), the leader demoted, a watcher
 * restarted and promoted (it must vote when the leader is then lost). Every node's own view must show each change,
 * and all converge on the same state.
 */
@Tag("process")
class RoleChangeIT {
    @TempDir
    Path dir;

    @Test
    void demotedAndPromotedNodesKeepApplyingTheLog() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir, 3, 19500, 5).start()) {
            NodeProcess c = cluster.node(2);
            // C restarts (SIGTERM, as a replaced pod) and is demoted as soon as it answers again.
            c.stop();
            c.start();
            changeRole(cluster, cluster.node(0).url() + "/admin/cluster/demote?nodeTag=C");
            commitSomething(cluster, "after-demoting-C");
            awaitWatcher(cluster, "C");
            cluster.awaitConverged(Duration.ofSeconds(30));

            // The leader steps down to watcher: another voter leads, the old leader follows the log.
            NodeProcess leader = cluster.leader();
            String leaderTag = tagOf(leader);
            changeRole(cluster, cluster.node(0).url() + "/admin/cluster/promote?nodeTag=C");
            awaitWatcher(cluster, null);
            // A promotion is done in the topology before C's division votes (it restarts as a voter); demoting
            // the leader meanwhile would leave B alone among voters that can vote.
            awaitRaftRole(c, "VOTER", "LEADER");
            changeRole(cluster, c.url() + "/admin/cluster/demote?nodeTag=" + leaderTag);
            commitSomething(cluster, "after-demoting-the-leader");
            cluster.awaitConverged(Duration.ofSeconds(30));
            for (NodeProcess node : cluster.nodes) {
                JsonNode topology = ClusterFixture.get(node.url() + "/cluster/topology").body().path("Topology");
                assertThat(topology.path("Watchers").has(leaderTag)).as(node.url() + " sees the old leader watch")
                        .isTrue();
            }
            assertThat(cluster.leader()).isNotSameAs(leader);

            // The old leader restarts as a watcher (Ratis starts it as a listener), then is promoted while running:
            // it must vote, or the loss of a voter would leave no majority able to elect a leader.
            leader.stop();
            leader.start();
            cluster.awaitConverged(Duration.ofSeconds(30));
            changeRole(cluster, c.url() + "/admin/cluster/promote?nodeTag=" + leaderTag);
            commitSomething(cluster, "after-promoting-back");
            awaitRaftRole(leader, "VOTER", "LEADER"); // the leader killed below needs its vote
            cluster.awaitConverged(Duration.ofSeconds(30));
            for (NodeProcess node : cluster.nodes) {
                JsonNode topology = ClusterFixture.get(node.url() + "/cluster/topology").body().path("Topology");
                assertThat(topology.path("Watchers").size()).as(node.url() + " sees no watcher").isZero();
                assertThat(topology.path("Members").size()).isEqualTo(3);
            }
            NodeProcess currentLeader = cluster.leader();
            assertThat(currentLeader).isNotSameAs(leader);
            currentLeader.kill();
            commitSomething(cluster, "after-losing-the-leader");
            assertThat(cluster.leader()).isNotSameAs(currentLeader);
            currentLeader.start();
            cluster.awaitConverged(Duration.ofSeconds(30));
        }
    }

    /**
     * A node that comes back with a stale log the leader cannot reach yet (a pod at a new address, before the
     * leader's name lookup sees it) and is demoted meanwhile: it stands for election at once, and the voters, for
     * whom it no longer votes, tell it to shut down. Once it can be reached it must follow the log again.
     */
    @Test
    void aDemotedNodeThatCameBackUnreachableFollowsTheLogOnceReached() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.proxied(dir, 3, 19520, 19560, 5).start()) {
            NodeProcess c = cluster.node(2);
            c.stop();
            cluster.raftProxies.get(2).cut(); // nothing reaches C's Raft port; C still reaches the others
            c.start();
            changeRole(cluster, cluster.node(0).url() + "/admin/cluster/demote?nodeTag=C");
            commitSomething(cluster, "while-c-is-unreachable");
            Thread.sleep(3_000); // C's election timeout has long passed: its division was told to shut down
            cluster.raftProxies.get(2).heal();
            commitSomething(cluster, "after-c-is-reachable");
            awaitWatcher(cluster, "C");
            cluster.awaitConverged(Duration.ofSeconds(60));
        }
    }

    /** Posts a promote or demote and expects it done (204); the answer's body tells why not. */
    private static void changeRole(ClusterFixture cluster, String url) throws Exception {
        Answer answer = ClusterFixture.send("POST", url, null);
        if (answer.status() != 204) {
            throw new AssertionError("POST " + url + " answered " + answer.status() + ": " + answer.body() + logs(cluster));
        }
    }

    private static String logs(ClusterFixture cluster) throws Exception {
        StringBuilder logs = new StringBuilder();
        for (NodeProcess node : cluster.nodes) {
            logs.append("\n--- ").append(node.url()).append(" log tail ---\n").append(node.tail());
        }
        return logs.toString();
    }

    private static void commitSomething(ClusterFixture cluster, String name) throws Exception {
        Answer created = null;
        List<NodeProcess> alive = cluster.nodes.stream().filter(NodeProcess::isAlive).toList();
        for (int attempt = 0; attempt < 10; attempt++) {
            NodeProcess node = alive.get(attempt % alive.size());
            created = ClusterFixture.send("PUT", node.url() + "/admin/databases?name=" + name + "&replicationFactor=1",
                    "{\"DatabaseName\":\"" + name + "\"}");
            if (created.status() == 201 || (attempt > 0 && created.status() == 409)) {
                return; // 409: an earlier attempt that timed out was committed after all
            }
            Thread.sleep(500);
        }
        throw new AssertionError("could not create " + name + ": " + created.body());
    }

    /** Waits until every node's own view shows {@code watcherTag} (null: none) among the watchers. */
    private static void awaitRaftRole(NodeProcess node, String... roles) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String role = "";
        while (System.nanoTime() < deadline) {
            role = ClusterFixture.get(node.url() + "/cluster/topology").body().path("RaftRole").asText();
            if (List.of(roles).contains(role)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(node.url() + " still acts as " + role + ", not one of " + List.of(roles));
    }

    private static void awaitWatcher(ClusterFixture cluster, String watcherTag) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean all = true;
            StringBuilder views = new StringBuilder();
            for (NodeProcess node : cluster.nodes) {
                JsonNode topology = ClusterFixture.get(node.url() + "/cluster/topology").body().path("Topology");
                views.append(node.url()).append(" watchers=").append(topology.path("Watchers")).append(' ');
                boolean ok = watcherTag == null ? topology.path("Watchers").isEmpty()
                        : topology.path("Watchers").has(watcherTag) && !topology.path("Members").has(watcherTag);
                all &= ok;
            }
            if (all) {
                return;
            }
            last = views.toString();
            Thread.sleep(200);
        }
        throw new AssertionError("views did not converge on the roles: " + last + logs(cluster));
    }

    private static String tagOf(NodeProcess node) throws Exception {
        return ClusterFixture.get(node.url() + "/cluster/topology").body().path("NodeTag").asText();
    }
}
