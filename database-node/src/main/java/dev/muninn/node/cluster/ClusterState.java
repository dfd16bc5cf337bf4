package dev.muninn.node.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.commands.ClusterCommand;
import dev.muninn.node.cluster.commands.DeleteDatabase;
import dev.muninn.node.cluster.state.ClusterStore;
import dev.muninn.node.storage.ServerStorage;

/**
 * The read side of the cluster: the latest applied {@link ClusterView}, this node's identity, and change events
 * for the landlord. Updated by the state machine after every applied entry; reads never touch Raft.
 */
public final class ClusterState {
    private static final Logger LOG = Logger.getLogger(ClusterState.class);

    /** CREATED/DELETED: a record starts/stops naming this node; UPDATED: a record naming it changed otherwise. */
    public enum ChangeKind { CREATED, DELETED, UPDATED }

    /** A record appeared on or disappeared from this node. */
    public record Change(ChangeKind kind, DatabaseRecord record, boolean hardDelete) {
    }

    private final ClusterStore store;
    private final String serverId;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ClusterCommand>> appliedListeners = new CopyOnWriteArrayList<>();
    private final Object appliedMonitor = new Object();
    private volatile ClusterView view;

    public ClusterState(ServerStorage storage, ClusterStore store) {
        this.store = store;
        this.serverId = storage.environment().write(txn -> storage.setting(txn, "server-id").orElseGet(() -> {
            String id = UUID.randomUUID().toString();
            storage.putSetting(txn, "server-id", id);
            return id;
        }));
        this.view = store.view();
    }

    public String serverId() {
        return serverId;
    }

    public ClusterView view() {
        return view;
    }

    /** This node's tag, or empty while it is passive (not yet part of a cluster). */
    public Optional<String> nodeTag() {
        return view.nodeByServerId(serverId).map(NodeInfo::tag);
    }

    /** The tag for logs and answers: "?" while passive. */
    public String nodeTagOrUnknown() {
        return nodeTag().orElse("?");
    }

    public Optional<String> topologyId() {
        return Optional.ofNullable(view.topologyId());
    }

    public long index() {
        return view.index();
    }

    /** The recorded result of an applied request id (RavenDB's raft-request-id), if any. */
    public Optional<dev.muninn.node.cluster.commands.CommandResult> requestResult(String requestId) {
        return requestId == null ? Optional.empty() : store.requestResult(requestId);
    }

    /** Digest of the applied state, to check that nodes converged. */
    public String stateHash() {
        return store.hash();
    }

    public Optional<DatabaseRecord> record(String name) {
        return Optional.ofNullable(view.records().get(DatabaseNames.key(name)));
    }

    public List<DatabaseRecord> records() {
        return List.copyOf(view.records().values());
    }

    /** A compare-exchange entry as applied on this node (reads are local; writes go through Raft). */
    public Optional<CompareExchangeEntry> compareExchange(String database, String key) {
        return store.compareExchange(database, key);
    }

    /** Committed cluster-wide transactions of a database after {@code afterIndex}, oldest first. */
    public List<com.fasterxml.jackson.databind.node.ObjectNode> clusterTransactions(String database, long afterIndex,
                                                                                    int limit) {
        return store.clusterTransactions(database, afterIndex, limit);
    }

    public List<CompareExchangeEntry> compareExchanges(String database, String prefix, int start, int pageSize) {
        return store.compareExchanges(database, prefix, start, pageSize);
    }

    public Map<String, NodeInfo> nodes() {
        return view.nodes();
    }

    public String urlOf(String nodeTag) {
        NodeInfo node = view.nodes().get(nodeTag);
        return node == null ? null : node.url();
    }

    public void onChange(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** Told of every applied command (null: a snapshot replaced the state), after the view moved on. */
    public void onApplied(Consumer<ClusterCommand> listener) {
        appliedListeners.add(listener);
    }

    /** Called by the state machine after each applied entry (command null: a snapshot was loaded). */
    public void applied(ClusterCommand command, long index) {
        ClusterView before = view;
        ClusterView after = command != null && !command.changesView() && index > before.index()
                ? before.at(index) : store.view();
        view = after;
        publishDifferences(before, after, command);
        synchronized (appliedMonitor) {
            appliedMonitor.notifyAll();
        }
        for (Consumer<ClusterCommand> listener : appliedListeners) {
            try {
                listener.accept(command);
            } catch (RuntimeException e) {
                LOG.errorf(e, "node=%s event=applied-listener-failed index=%d", nodeTagOrUnknown(), index);
            }
        }
    }

    /** Waits until this node has applied the entry at {@code index}; false on timeout. */
    public boolean awaitApplied(long index, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (appliedMonitor) {
            while (view.index() < index) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                appliedMonitor.wait(left);
            }
        }
        return true;
    }

    private void publishDifferences(ClusterView before, ClusterView after, ClusterCommand command) {
        String me = after.nodeByServerId(serverId).map(NodeInfo::tag)
                .orElse(before.nodeByServerId(serverId).map(NodeInfo::tag).orElse(null));
        if (me == null) {
            return;
        }
        boolean hardDelete = command instanceof DeleteDatabase delete && delete.hardDelete();
        for (Map.Entry<String, DatabaseRecord> old : before.records().entrySet()) {
            DatabaseRecord now = after.records().get(old.getKey());
            if (old.getValue().hostedOn(me) && (now == null || !now.hostedOn(me))) {
                publish(new Change(ChangeKind.DELETED, old.getValue(), hardDelete));
            }
        }
        for (Map.Entry<String, DatabaseRecord> now : after.records().entrySet()) {
            DatabaseRecord old = before.records().get(now.getKey());
            if (now.getValue().hostedOn(me) && (old == null || !old.hostedOn(me))) {
                publish(new Change(ChangeKind.CREATED, now.getValue(), false));
            } else if (now.getValue().hostedOn(me) && !now.getValue().equals(old)) {
                publish(new Change(ChangeKind.UPDATED, now.getValue(), false));
            }
        }
    }

    private void publish(Change change) {
        for (Consumer<Change> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.errorf(e, "node=%s db=%s event=cluster-change-listener-failed", nodeTagOrUnknown(),
                        change.record().name());
            }
        }
    }
}
