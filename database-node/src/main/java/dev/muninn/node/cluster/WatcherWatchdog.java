package dev.muninn.node.cluster;

import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.protocol.RaftGroup;
import org.jboss.logging.Logger;

import dev.muninn.node.cluster.raft.RaftNode;

/**
 * Keeps a watcher in the cluster. With Ratis 3.1.3 a listener's division closes itself when the group loses its
 * leader, and never applies another entry; this checks every second and, on a watcher whose division is closed,
 * replaces it with a fresh one that the leader then catches up. Voters are never touched.
 */
public final class WatcherWatchdog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WatcherWatchdog.class);

    private final ClusterState state;
    private final RaftNode raft;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "watcher-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    public WatcherWatchdog(ClusterState state, RaftNode raft) {
        this.state = state;
        this.raft = raft;
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    void check() {
        try {
            ClusterView view = state.view();
            NodeInfo me = view.nodeByServerId(state.serverId()).orElse(null);
            if (me == null || !me.watcher() || view.topologyId() == null || raft.group().isEmpty()
                    || raft.divisionAlive()) {
                return;
            }
            LOG.warnf("node=%s event=watcher-division-closed action=rejoin index=%d", me.tag(), view.index());
            RaftGroup group = RaftGroup.valueOf(RaftNode.groupId(view.topologyId()),
                    new ArrayList<>(view.nodes().values()).stream()
                            .map(n -> RaftNode.peer(n.serverId(), n.raftAddress(), n.watcher())).toList());
            raft.rejoin(group);
        } catch (RuntimeException e) {
            LOG.warnf("event=watcher-rejoin-failed reason=%s", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
