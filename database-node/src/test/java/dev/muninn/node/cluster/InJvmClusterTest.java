package dev.muninn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The cluster layer with real Ratis servers and Xodus stores, several nodes in one JVM. */
class InJvmClusterTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {1, 3, 5})
    void everyNodeAppliesTheSameRecords(int size) throws Exception {
        try (InJvmCluster cluster = new InJvmCluster(dir, size, 19400 + size * 10).form()) {
            InJvmCluster.Node last = cluster.node(size - 1);
            int factor = Math.min(3, size);
            DatabaseRecord record = last.client.createDatabase("Orders", factor, List.of(),
                    JSON.createObjectNode().put("DatabaseName", "Orders"));
            assertThat(record.members()).hasSize(factor).doesNotHaveDuplicates();
            cluster.awaitConverged();
            for (InJvmCluster.Node node : cluster.nodes) {
                assertThat(node.state.record("orders")).contains(record);
                assertThat(node.state.nodes()).hasSize(size);
                assertThat(node.state.nodeTag()).isPresent();
            }
            assertThat(cluster.nodes.stream().map(n -> n.state.nodeTag().orElseThrow()).distinct()).hasSize(size);
            assertThatThrownBy(() -> cluster.node(0).client.createDatabase("orders", 1, List.of(),
                    JSON.createObjectNode())).isInstanceOf(DatabaseAlreadyExistsException.class);
            assertThatThrownBy(() -> cluster.node(0).client.createDatabase("big", size + 1, List.of(),
                    JSON.createObjectNode())).isInstanceOf(NotEnoughNodesException.class);
        }
    }

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {3, 5})
    void leaderLossElectsANewLeaderAndTheOldOneCatchesUp(int size) throws Exception {
        try (InJvmCluster cluster = new InJvmCluster(dir, size, 19500 + size * 10).form()) {
            InJvmCluster.Node leader = cluster.leader();
            leader.stop();
            InJvmCluster.Node other = cluster.anyRunningExcept(leader);
            long index = other.client.noop("after leader loss");
            assertThat(cluster.leader()).isNotSameAs(leader);
            other.client.createDatabase("AfterFailover", 1, List.of(), JSON.createObjectNode());
            leader.start();
            cluster.awaitConverged();
            assertThat(leader.state.index()).isGreaterThanOrEqualTo(index);
            assertThat(leader.state.record("afterfailover")).isPresent();
        }
    }

    /**
     * A bootstrap whose first answer came too late: the group was made (the client's retry finds it there) but the
     * cluster's first command was never committed. Asked again, the node finishes that bootstrap instead of taking
     * itself for a node that is joining another cluster (which left operators waiting forever).
     */
    @Test
    void aHalfDoneBootstrapIsFinishedWhenAskedAgain() throws Exception {
        try (InJvmCluster cluster = new InJvmCluster(dir, 2, 19560)) {
            cluster.nodes.forEach(InJvmCluster.Node::start);
            InJvmCluster.Node a = cluster.node(0);
            String topologyId = java.util.UUID.randomUUID().toString();
            a.raft.bootstrap(topologyId);
            a.raft.bootstrap(topologyId); // a retried add of the same group is no failure

            a.client.bootstrapIfPassive();

            assertThat(a.state.topologyId()).contains(topologyId);
            assertThat(a.state.nodeTagOrUnknown()).isEqualTo("A");
            a.client.addNode(cluster.node(1).url, null, false);
            cluster.awaitConverged();
            assertThat(cluster.node(1).state.topologyId()).contains(topologyId);
            a.client.bootstrapIfPassive(); // bootstrapped: nothing to do
            assertThat(a.state.topologyId()).contains(topologyId);
        }
    }

    @Test
    void watchersDoNotCountTowardsTheMajority() throws Exception {
        try (InJvmCluster cluster = new InJvmCluster(dir, 3, 19600).form()) {
            InJvmCluster.Node a = cluster.node(0);
            a.client.setWatcher("C", true);
            a.client.noop("after demotion");
            cluster.awaitConverged();
            assertThat(a.state.view().watchers()).extracting(NodeInfo::tag).containsExactly("C");
            // Voters are A and B: without B there is no majority, whatever C does.
            cluster.node(1).stop();
            long started = System.nanoTime();
            assertThatThrownBy(() -> a.client.noop("no majority")).isInstanceOf(NoLeaderException.class);
            assertThat((System.nanoTime() - started) / 1e9).isLessThan(InJvmCluster.TIMEOUT.toSeconds() + 3);
            cluster.node(1).start();
            cluster.awaitCommit(a, java.time.Duration.ofSeconds(15));
            // The watcher's Ratis division closes itself while there is no leader (Ratis 3.1.3); the watchdog
            // replaces it, and the watcher catches up with the voters.
            cluster.awaitConverged();
            a.client.setWatcher("C", false);
            a.client.noop("C votes again");
            cluster.awaitConverged();
            assertThat(cluster.node(2).state.view().watchers()).isEmpty();
        }
    }

    @Test
    void removedNodesLeaveTheClusterAndTheirDatabases() throws Exception {
        try (InJvmCluster cluster = new InJvmCluster(dir, 3, 19700).form()) {
            InJvmCluster.Node a = cluster.node(0);
            a.client.createDatabase("Everywhere", 3, List.of(), JSON.createObjectNode());
            a.client.removeNode("C");
            assertThat(a.state.nodes()).containsOnlyKeys("A", "B");
            assertThat(a.state.record("everywhere").orElseThrow().members()).containsExactly("A", "B");
            cluster.node(2).stop();
            a.client.noop("two voters left");
            assertThatThrownBy(() -> a.client.removeNode("Z")).isInstanceOf(ClusterCommandException.class);
        }
    }

    @Test
    void aMemberRaftCannotReachMovesToTheEndOfItsDatabasesTopology() throws Exception {
        try (InJvmCluster cluster = new InJvmCluster(dir, 3, 19900).form()) {
            InJvmCluster.Node leader = cluster.leader();
            DatabaseRecord record = leader.client.createDatabase("Shop", 3, List.of(), JSON.createObjectNode());
            String victimTag = record.members().stream()
                    .filter(tag -> !tag.equals(leader.state.nodeTag().orElseThrow())).findFirst().orElseThrow();
            InJvmCluster.Node victim = cluster.nodes.stream()
                    .filter(n -> n.state.nodeTag().orElseThrow().equals(victimTag)).findFirst().orElseThrow();
            try (UnreachableMembersLast ordering = new UnreachableMembersLast(leader.state, leader.raft,
                    leader.client)) {
                Thread.sleep(UnreachableMembersLast.SILENCE.toMillis() + 1500);
                assertThat(leader.state.record("shop").orElseThrow().members()).as("nobody is silent yet")
                        .isEqualTo(record.members());
                victim.stop();
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
                while (!leader.state.record("shop").orElseThrow().members().get(2).equals(victimTag)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                DatabaseRecord after = leader.state.record("shop").orElseThrow();
                assertThat(after.members()).containsExactlyInAnyOrderElementsOf(record.members());
                assertThat(after.members().get(2)).isEqualTo(victimTag);
                assertThat(after.etag()).isGreaterThan(record.etag());
            }
        }
    }

    /**
     * A follower's cluster client sends to the leader it knows. When that peer answers that it has no such group (its
     * division removed, as while a division restarts or after a lost volume), Ratis fails the client's ordered
     * window for good: the command and every later one through that client used to fail ("... is closed"). The node
     * resends through a fresh client, which finds the new leader.
     */
    @Test
    void commandsGoOnWhenTheLeaderAFollowerKnewDropsTheGroup() throws Exception {
        try (InJvmCluster cluster = new InJvmCluster(dir, 3, 19930).form()) {
            InJvmCluster.Node leader = cluster.leader();
            InJvmCluster.Node follower = cluster.anyRunningExcept(leader);
            follower.client.noop("the follower's client learns the leader");
            ClusterView view = follower.state.view();
            List<org.apache.ratis.protocol.RaftPeer> others = view.nodes().values().stream()
                    .filter(n -> !n.serverId().equals(leader.state.serverId()))
                    .map(n -> dev.muninn.node.cluster.raft.RaftNode.peer(n.serverId(), n.raftAddress(), false))
                    .toList();
            follower.raft.removeGroupOn(
                    dev.muninn.node.cluster.raft.RaftNode.peer(leader.state.serverId(), leader.raftAddress, false),
                    dev.muninn.node.cluster.raft.RaftNode.groupId(view.topologyId()), others);

            DatabaseRecord first = follower.client.createDatabase("AfterTheGroupWentAway", 1, List.of(),
                    JSON.createObjectNode());
            DatabaseRecord second = follower.client.createDatabase("AndTheNextCommand", 1, List.of(),
                    JSON.createObjectNode());

            assertThat(first.etag()).isLessThan(second.etag());
            assertThat(cluster.leader()).isNotSameAs(leader);
            cluster.awaitConverged(cluster.nodes.stream().filter(n -> n != leader).toList());
            assertThat(follower.state.record("afterthegroupwentaway")).as("applied once, on every live node").isPresent();
        }
    }
}
