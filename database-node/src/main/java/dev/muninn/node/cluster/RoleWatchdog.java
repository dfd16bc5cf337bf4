package dev.muninn.node.cluster;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.jboss.logging.Logger;

import dev.muninn.node.cluster.raft.DivisionRole;
import dev.muninn.node.cluster.raft.DivisionRole.Role;
import dev.muninn.node.cluster.raft.RaftNode;
import dev.muninn.node.concurrent.DaemonThreads;

/**
 * Keeps this server's Raft division in the role the cluster's configuration gives it. Ratis 3.1.3 leaves a running
 * server in its old role when a membership change makes it a watcher (listener) or a voter:
 * <ul>
 * <li>a voter demoted while running stays a follower; at its next election timeout it finds itself "not in the
 * configuration" and closes its division, often before it applied the demotion to the cluster state;</li>
 * <li>a watcher promoted while running stays a listener, which refuses every vote: counted in the majority, it
 * could keep the cluster from electing a leader;</li>
 * <li>a leader demoted to listener stays leader;</li>
 * <li>a listener's division closes itself when the group loses its leader;</li>
 * <li>a node that restarts with a stale log (its pod came back at a new address the leader cannot reach yet, while
 * it was demoted) stands for election at once, and the voters, for whom it is no voter, tell it to shut down.</li>
 * </ul>
 * Every second this compares the division's role with its own copy of the configuration (not the cluster state,
 * which may lag) and restarts the division from its storage, log kept, as a process restart would (always safe in
 * Raft). A closed division asks another member what the cluster made of it: a watcher rejoins as a listener with a
 * fresh log (its stale one would have it stand for election again), anything else restarts from its storage;
 * either with a growing pause (1 s to 60 s: a node removed while it was down keeps being told to shut down). A
 * leader that should only listen hands leadership to a voter.
 */
public final class RoleWatchdog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RoleWatchdog.class);

    enum Action {
        NONE, RESTART, REJOIN_AS_WATCHER, HAND_OVER
    }

    private final ClusterState state;
    private final RaftNode raft;
    private final PeerDirectory peers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("role-watchdog"));

    /** Restarts of a division found closed in a row, and when the next may be tried. */
    private int closedRestarts;
    private long nextClosedRestart;

    public RoleWatchdog(ClusterState state, RaftNode raft, PeerDirectory peers) {
        this.state = state;
        this.raft = raft;
        this.peers = peers;
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * What to do about a division: its own configuration says what it should be; for a closed one, what another
     * member says of it counts too ({@code clusterSaysWatcher}, empty when none answered).
     */
    static Action decide(DivisionRole division, Optional<Boolean> clusterSaysWatcher) {
        if (division.closed()) {
            // Told to shut down while the cluster had made it a watcher, its own log (voter) would have it stand
            // for election and be shut down again: it rejoins as a watcher, its log dropped.
            return clusterSaysWatcher.orElse(false) && division.configured() != Role.LISTENER
                    ? Action.REJOIN_AS_WATCHER : Action.RESTART;
        }
        if (!division.settled()) {
            return Action.NONE;
        }
        if (division.configured() == Role.LISTENER) {
            return switch (division.acting()) {
                case LEADER -> Action.HAND_OVER;
                case VOTER -> Action.RESTART;
                default -> Action.NONE;
            };
        }
        return division.configured() == Role.VOTER && division.acting() == Role.LISTENER ? Action.RESTART
                : Action.NONE;
    }

    void check() {
        try {
            if (state.view().topologyId() == null) {
                return;
            }
            DivisionRole division = raft.divisionRole().orElse(null);
            if (division == null) {
                return;
            }
            if (!division.closed()) {
                closedRestarts = 0;
            } else if (System.nanoTime() < nextClosedRestart) {
                return;
            }
            Optional<Boolean> clusterSaysWatcher = division.closed() ? askTheCluster() : Optional.empty();
            switch (decide(division, clusterSaysWatcher)) {
                case RESTART -> {
                    LOG.warnf("node=%s event=raft-division-restart closed=%s acting=%s configured=%s",
                            state.nodeTagOrUnknown(), division.closed(), division.acting(), division.configured());
                    if (division.closed()) {
                        pauseBeforeNextClosedRestart();
                    }
                    raft.restartDivision(division.knownGroup());
                }
                case REJOIN_AS_WATCHER -> {
                    LOG.warnf("node=%s event=raft-division-rejoin reason=\"closed, and the cluster made it a watcher\"",
                            state.nodeTagOrUnknown());
                    pauseBeforeNextClosedRestart();
                    raft.rejoin(asWatcher(state.view()));
                }
                case HAND_OVER -> {
                    LOG.warnf("node=%s event=listener-leads action=hand-over", state.nodeTagOrUnknown());
                    for (RaftPeer peer : division.knownGroup().getPeers()) {
                        if (peer.getStartupRole() != org.apache.ratis.proto.RaftProtos.RaftPeerRole.LISTENER
                                && raft.transferLeadership(division.knownGroup(), peer.getId().toString())) {
                            return;
                        }
                    }
                }
                default -> {
                    // in the role it is configured for
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("node=%s event=role-watchdog-failed reason=%s", state.nodeTagOrUnknown(), e.getMessage());
        }
    }

    /** 1 s, 2 s, 4 s … 60 s between restarts of a division that keeps being found closed. */
    private void pauseBeforeNextClosedRestart() {
        closedRestarts++;
        nextClosedRestart = System.nanoTime() + TimeUnit.SECONDS.toNanos(
                Math.min(60, 1L << Math.min(6, closedRestarts - 1)));
    }

    /** What the first other member that answers says of this node: watcher or voter. */
    private Optional<Boolean> askTheCluster() {
        ClusterView view = state.view();
        NodeInfo me = view.nodeByServerId(state.serverId()).orElse(null);
        if (me == null) {
            return Optional.empty();
        }
        for (NodeInfo node : view.nodes().values()) {
            if (!node.tag().equals(me.tag())) {
                Optional<Boolean> answer = peers.watcherAccordingTo(node.url(), me.tag());
                if (answer.isPresent()) {
                    return answer;
                }
            }
        }
        return Optional.empty();
    }

    /** The group as this node's view has it, with this node a listener. */
    private RaftGroup asWatcher(ClusterView view) {
        return RaftGroup.valueOf(RaftNode.groupId(view.topologyId()), view.nodes().values().stream()
                .map(n -> RaftNode.peer(n.serverId(), n.raftAddress(),
                        n.watcher() || n.serverId().equals(state.serverId())))
                .toList());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
