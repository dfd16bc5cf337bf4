package dev.muninn.node.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.raft.RaftNode;
import dev.muninn.node.concurrent.DaemonThreads;

/**
 * On the leader, once a second: a database member that Raft has not heard from for {@link #SILENCE} moves behind
 * the reachable members of its database's topology, so clients (which try members in topology order and pick up the
 * new order through the topology etag) are not sent back to a dead node first. Liveness comes from Raft's own
 * heartbeat replies; a node Raft reports nothing about is left where it is. A node that comes back stays where it
 * is: moving it forward again is the supervisor's decision (with its rehab state), not this one's.
 */
public final class UnreachableMembersLast implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UnreachableMembersLast.class);
    /** Several election timeouts (400-800 ms) of silence: a busy node is not mistaken for a dead one. */
    static final Duration SILENCE = Duration.ofSeconds(3);

    private final ClusterState state;
    private final RaftNode raft;
    private final ClusterClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("unreachable-members-last"));

    public UnreachableMembersLast(ClusterState state, RaftNode raft, ClusterClient client) {
        this.state = state;
        this.raft = raft;
        this.client = client;
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    void check() {
        try {
            if (!raft.isLeader()) {
                return;
            }
            Map<String, Long> silence = raft.silenceMillisByServer();
            ClusterView view = state.view();
            for (DatabaseRecord record : view.records().values()) {
                List<String> reordered = reachableFirst(record.members(), tag -> {
                    NodeInfo node = view.nodes().get(tag);
                    Long silent = node == null ? null : silence.get(node.serverId());
                    return silent != null && silent >= SILENCE.toMillis();
                });
                if (!reordered.equals(record.members())) {
                    LOG.infof("node=%s db=%s event=unreachable-members-last from=%s to=%s", state.nodeTagOrUnknown(),
                            record.name(), record.members(), reordered);
                    client.reorderMembers(record.name(), reordered);
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("event=unreachable-members-last-failed reason=%s", e.getMessage());
        }
    }

    /** The reachable members in their current order, then the unreachable ones in theirs. */
    static List<String> reachableFirst(List<String> members, java.util.function.Predicate<String> unreachable) {
        List<String> reachable = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        for (String tag : members) {
            (unreachable.test(tag) ? dead : reachable).add(tag);
        }
        reachable.addAll(dead);
        return reachable;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
