package dev.muninn.node.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.commands.AddNode;
import dev.muninn.node.cluster.commands.BootstrapCluster;
import dev.muninn.node.cluster.commands.ClusterCommand;
import dev.muninn.node.cluster.commands.CommandResult;
import dev.muninn.node.cluster.commands.CreateDatabase;
import dev.muninn.node.cluster.commands.DeleteDatabase;
import dev.muninn.node.cluster.commands.Noop;
import dev.muninn.node.cluster.commands.RemoveNode;
import dev.muninn.node.cluster.commands.SetWatcher;
import dev.muninn.node.cluster.raft.RaftNode;

/**
 * Cluster-wide operations, from any node: each goes through the Raft leader and needs a majority, failing with
 * {@link NoLeaderException} after {@code Cluster.OperationTimeoutInSec} instead of hanging. A passive node (not yet
 * in a cluster) founds a cluster of its own, as node A, on its first cluster operation.
 */
public final class ClusterClient {
    private static final Logger LOG = Logger.getLogger(ClusterClient.class);

    private final ClusterState state;
    private final RaftNode raft;
    private final String ownUrl;
    private final Duration timeout;
    private final PeerDirectory peers;

    public ClusterClient(ClusterState state, RaftNode raft, String ownUrl, Duration timeout, PeerDirectory peers) {
        this.state = state;
        this.peers = peers;
        this.raft = raft;
        this.ownUrl = ownUrl;
        this.timeout = timeout;
    }

    /** Founds a one-node cluster with this node as A, unless it already belongs to one. */
    public synchronized void bootstrapIfPassive() {
        if (state.topologyId().isPresent()) {
            return;
        }
        String topologyId;
        if (raft.group().isPresent()) {
            // Our own bootstrap that failed after its group was made (the first command timed out): finish it.
            topologyId = raft.soloGroupTopologyId().orElseThrow(() -> new NoLeaderException(
                    "This node is joining a cluster; try again once it has caught up"));
            LOG.infof("node=? event=cluster-bootstrap-resumed topologyId=%s", topologyId);
        } else {
            topologyId = UUID.randomUUID().toString();
            raft.bootstrap(topologyId);
        }
        NodeInfo founder = new NodeInfo("A", raft.serverId(), ownUrl, raft.address(), false);
        RaftGroup group = RaftGroup.valueOf(RaftNode.groupId(topologyId),
                RaftNode.peer(raft.serverId(), raft.address(), false));
        CommandResult result = raft.submit(group, new BootstrapCluster(topologyId, founder));
        awaitLocally(result); // a resumed bootstrap whose command was committed after all is refused, and done
        LOG.infof("node=A event=cluster-bootstrapped topologyId=%s", topologyId);
    }

    public DatabaseRecord createDatabase(String name, int replicationFactor, List<String> explicitNodes,
                                         ObjectNode settings) {
        return createDatabase(name, replicationFactor, explicitNodes, settings, null);
    }

    /**
     * Creates a database; a retry carrying the same {@code requestId} (RavenDB's raft-request-id) gets the first
     * attempt's outcome instead of "already exists".
     */
    public DatabaseRecord createDatabase(String name, int replicationFactor, List<String> explicitNodes,
                                         ObjectNode settings, String requestId) {
        DatabaseNames.validate(name);
        bootstrapIfPassive();
        ClusterView view = state.view();
        java.util.Optional<CommandResult> earlier = state.requestResult(requestId);
        if (earlier.isPresent() && earlier.get().ok() && state.record(name).isPresent()) {
            return state.record(name).get();
        }
        if (earlier.isEmpty() && state.record(name).isPresent()) {
            throw new DatabaseAlreadyExistsException(name);
        }
        List<String> members = explicitNodes == null || explicitNodes.isEmpty()
                ? place(view, replicationFactor, name, this::answers) : explicitNodes;
        for (String tag : members) {
            if (!view.nodes().containsKey(tag)) {
                throw new ClusterCommandException("Node " + tag + " is not in the cluster");
            }
        }
        CommandResult result = submit(new CreateDatabase(name, members, Math.max(members.size(), replicationFactor),
                UUID.randomUUID().toString(), settings), true, requestId);
        return state.record(name).orElseThrow(() -> new ClusterCommandException(
                "Database '" + name + "' was created at index " + result.index() + " but is not visible here"));
    }

    /**
     * Spreads a new database over the nodes that host the fewest databases (ties broken by tag), so the
     * placement is decided once, before the command enters the log.
     */
    static List<String> place(ClusterView view, int replicationFactor, String name) {
        return place(view, replicationFactor, name, node -> true);
    }

    /**
     * Members for a new database: voters before watchers, least loaded first, skipping nodes that do not answer
     * now. With too few live nodes the database starts on the live ones and keeps its replication factor: the
     * supervisor adds the missing instances when nodes answer again (dynamic distribution). A factor larger than
     * the cluster is refused.
     */
    static List<String> place(ClusterView view, int replicationFactor, String name,
                              java.util.function.Predicate<NodeInfo> alive) {
        List<NodeInfo> candidates = new ArrayList<>(view.nodes().values());
        if (replicationFactor > candidates.size()) {
            throw new NotEnoughNodesException(name, replicationFactor, candidates.size());
        }
        Map<String, Integer> load = view.instancesPerNode();
        candidates.sort(Comparator.<NodeInfo>comparingInt(n -> n.watcher() ? 1 : 0)
                .thenComparingInt(n -> load.getOrDefault(n.tag(), 0))
                .thenComparing(NodeInfo::tag));
        List<String> chosen = new ArrayList<>();
        for (NodeInfo candidate : candidates) {
            if (chosen.size() == replicationFactor) {
                break;
            }
            if (alive.test(candidate)) {
                chosen.add(candidate.tag());
            }
        }
        if (chosen.isEmpty()) {
            throw new NotEnoughNodesException(name, replicationFactor, 0);
        }
        return chosen;
    }

    /** Whether a node answers now (this node always does): new instances never go to a dead node. */
    private boolean answers(NodeInfo node) {
        if (state.nodeTag().map(node.tag()::equals).orElse(false)) {
            return true;
        }
        try {
            peers.identify(node.url());
            return true;
        } catch (RuntimeException e) {
            LOG.infof("node=%s event=placement-skips-node tag=%s reason=\"%s\"", state.nodeTagOrUnknown(), node.tag(),
                    e.getMessage());
            return false;
        }
    }

    public long deleteDatabase(String name, boolean hardDelete, List<String> fromNodes) {
        return deleteDatabase(name, hardDelete, fromNodes, null);
    }

    public long deleteDatabase(String name, boolean hardDelete, List<String> fromNodes, String requestId) {
        if (state.topologyId().isEmpty()) {
            return state.index();
        }
        return submit(new DeleteDatabase(name, hardDelete, fromNodes), true, requestId).index();
    }

    /** Replaces a database's conflict solver; returns the index of the change. */
    public long updateConflictSolver(String name, ObjectNode solver, String requestId) {
        if (state.record(name).isEmpty()) {
            throw new DatabaseDoesNotExistException(name);
        }
        return submit(new dev.muninn.node.cluster.commands.UpdateConflictSolver(name, solver), true, requestId).index();
    }

    /** Sets one top-level setting of a database's record (e.g. its revisions configuration). */
    public long updateDatabaseSetting(String name, String setting, com.fasterxml.jackson.databind.JsonNode value,
                                      String requestId) {
        if (state.record(name).isEmpty()) {
            throw new DatabaseDoesNotExistException(name);
        }
        return submit(new dev.muninn.node.cluster.commands.UpdateDatabaseSetting(name, setting, value), true,
                requestId).index();
    }

    /** Puts a database's members in a new preferred order; refused when the set of members changed meanwhile. */
    public long reorderMembers(String name, List<String> members) {
        return submit(new dev.muninn.node.cluster.commands.ReorderMembers(name, members), false, null).index();
    }

    /** Applies a supervisor decision; false when it was refused (taken on a stale record: decided again later). */
    public boolean updateTopology(dev.muninn.node.cluster.commands.UpdateTopology decision) {
        ClusterView view = state.view();
        if (view.topologyId() == null) {
            return false;
        }
        return raft.submit(group(view), decision, null).ok();
    }

    /**
     * A new instance of {@code name} on {@code node} (or, when null, on the member node holding the fewest
     * databases among those without one), as a promotable the supervisor promotes once caught up.
     */
    public DatabaseRecord addDatabaseNode(String name, String node, String requestId) {
        DatabaseRecord record = state.record(name).orElseThrow(() -> new DatabaseDoesNotExistException(name));
        String target = node;
        if (target == null || target.isBlank()) {
            ClusterView view = state.view();
            Map<String, Integer> load = view.instancesPerNode();
            target = view.nodes().values().stream()
                    .filter(n -> !n.watcher() && !record.hostedOn(n.tag()))
                    .sorted(Comparator.<NodeInfo>comparingInt(n -> load.getOrDefault(n.tag(), 0))
                            .thenComparing(NodeInfo::tag))
                    .filter(this::answers)
                    .min(Comparator.<NodeInfo>comparingInt(n -> load.getOrDefault(n.tag(), 0)).thenComparing(NodeInfo::tag))
                    .map(NodeInfo::tag)
                    .orElseThrow(() -> new NotEnoughNodesException(name, record.instances().size() + 1,
                            state.view().nodes().size()));
        }
        submit(new dev.muninn.node.cluster.commands.AddDatabaseNode(name, target), true, requestId);
        return state.record(name).orElseThrow(() -> new DatabaseDoesNotExistException(name));
    }

    /**
     * Compare-and-set of a compare-exchange key through Raft; the outcome in RavenDB's CompareExchangeResult shape
     * (Index, Value, Successful). A retried request (same raft-request-id) gets the first outcome back.
     */
    public com.fasterxml.jackson.databind.JsonNode putCompareExchange(String database, String key, long expectedIndex,
                                                                      com.fasterxml.jackson.databind.JsonNode value,
                                                                      String requestId) {
        return submit(new dev.muninn.node.cluster.commands.PutCompareExchange(database, key, expectedIndex, value),
                true, requestId).value();
    }

    public com.fasterxml.jackson.databind.JsonNode deleteCompareExchange(String database, String key, long expectedIndex,
                                                                         String requestId) {
        return submit(new dev.muninn.node.cluster.commands.DeleteCompareExchange(database, key, expectedIndex), true,
                requestId).value();
    }

    /** Adds or replaces a periodic backup task; returns its task id. */
    public long putPeriodicBackup(String database, ObjectNode configuration, String requestId) {
        return submit(new dev.muninn.node.cluster.commands.PutPeriodicBackup(database, configuration), true, requestId)
                .value().path("TaskId").asLong();
    }

    /** Disables or enables an ongoing task; returns the Raft index of the change. */
    public long toggleOngoingTask(String database, OngoingTaskType type, long taskId, boolean disable,
                                  String requestId) {
        return submit(new dev.muninn.node.cluster.commands.ToggleOngoingTask(database, type, taskId, disable), true,
                requestId).index();
    }

    /** Removes an ongoing task; returns the Raft index of the change. */
    public long deleteOngoingTask(String database, OngoingTaskType type, long taskId, String requestId) {
        return submit(new dev.muninn.node.cluster.commands.DeleteOngoingTask(database, type, taskId), true, requestId)
                .index();
    }

    /**
     * Commits a cluster-wide transaction; returns its Raft index, which is also the transaction index the client
     * learns, once this node applied the command (its documents are applied to the database separately).
     */
    public long clusterTransaction(dev.muninn.node.cluster.commands.ClusterTransaction transaction, String requestId) {
        return submit(transaction, true, requestId).index();
    }

    /** Adds, replaces or (null) removes a Raven connection string; returns the Raft index of the change. */
    public long putConnectionString(String database, String name, ObjectNode connectionString, String requestId) {
        return submit(new dev.muninn.node.cluster.commands.PutConnectionString(database, name, connectionString), true,
                requestId).index();
    }

    /** Adds or replaces an external replication task; returns its task id. */
    public long putExternalReplication(String database, ObjectNode configuration, String requestId) {
        return submit(new dev.muninn.node.cluster.commands.PutExternalReplication(database, configuration), true,
                requestId).value().path("TaskId").asLong();
    }

    /** Records a periodic backup's last run (cluster-wide, so another node can take the schedule over). */
    public void putPeriodicBackupStatus(String database, long taskId, ObjectNode status) {
        submit(new dev.muninn.node.cluster.commands.PutPeriodicBackupStatus(database, taskId, status), false, null);
    }

    /** Adds the node at {@code url} (a fresh, passive node) under {@code tag} or the next free tag. */
    public NodeInfo addNode(String url, String tag, boolean watcher) {
        bootstrapIfPassive();
        PeerDirectory.PeerIdentity info = peers.identify(stripSlash(url));
        String serverId = info.serverId();
        String raftAddress = info.raftAddress();
        if (serverId == null || serverId.isEmpty() || raftAddress == null || raftAddress.isEmpty()) {
            throw new ClusterCommandException(url + " did not say who it is (GET /info/tcp)");
        }
        ClusterView view = state.view();
        if (view.nodeByServerId(serverId).isPresent()) {
            return view.nodeByServerId(serverId).get();
        }
        if (info.topologyId() != null) {
            throw new ClusterCommandException(url + " already belongs to another cluster (" + info.topologyId() + ")");
        }
        String newTag = tag == null || tag.isBlank() ? view.nextFreeTag() : tag;
        if (!NodeTags.isValid(newTag)) {
            throw new ClusterCommandException("Invalid node tag '" + newTag + "': use 1-4 upper-case letters");
        }
        if (view.nodes().containsKey(newTag)) {
            throw new ClusterCommandException("Tag " + newTag + " is already node " + view.nodes().get(newTag).url());
        }
        NodeInfo node = new NodeInfo(newTag, serverId, stripSlash(url), raftAddress, watcher);
        List<NodeInfo> after = new ArrayList<>(view.nodes().values());
        after.add(node);
        RaftPeer peer = RaftNode.peer(serverId, raftAddress, watcher);
        raft.addGroupOn(peer, RaftNode.groupId(view.topologyId()), raftPeers(after));
        reconfigure(view, after);
        submit(new AddNode(node));
        LOG.infof("node=%s event=cluster-node-added tag=%s url=%s watcher=%s", state.nodeTagOrUnknown(), newTag, url,
                watcher);
        return node;
    }

    public void removeNode(String tag) {
        ClusterView view = state.view();
        NodeInfo node = view.nodes().get(tag);
        if (node == null) {
            throw new ClusterCommandException("There is no node " + tag);
        }
        List<NodeInfo> after = new ArrayList<>(view.nodes().values());
        after.remove(node);
        if (after.stream().noneMatch(n -> !n.watcher())) {
            throw new ClusterCommandException("Cannot remove " + tag + ": it is the last voting member");
        }
        reconfigure(view, after);
        submit(new RemoveNode(tag));
        raft.removeGroupOn(RaftNode.peer(node.serverId(), node.raftAddress(), node.watcher()),
                RaftNode.groupId(view.topologyId()), raftPeers(after));
    }

    /** Promotes a watcher to voter ({@code watcher=false}) or demotes a voter to watcher. */
    public void setWatcher(String tag, boolean watcher) {
        ClusterView view = state.view();
        NodeInfo node = view.nodes().get(tag);
        if (node == null) {
            throw new ClusterCommandException("There is no node " + tag);
        }
        if (node.watcher() == watcher) {
            return;
        }
        List<NodeInfo> after = new ArrayList<>();
        view.nodes().values().forEach(n -> after.add(n.tag().equals(tag) ? n.withWatcher(watcher) : n));
        if (after.stream().noneMatch(n -> !n.watcher())) {
            throw new ClusterCommandException("Cannot demote " + tag + ": it is the last voting member");
        }
        if (watcher) {
            leadFromAnotherVoter(view, node, after);
        }
        reconfigure(view, after);
        if (watcher) {
            // Ratis 3.1.3 keeps a leader that became a listener in office; it must hand over again.
            leadFromAnotherVoter(view, node, after);
        }
        submit(new SetWatcher(tag, watcher));
    }

    /** A watcher must not lead: while {@code node} leads, hand leadership to one of the voters of {@code after}. */
    private void leadFromAnotherVoter(ClusterView view, NodeInfo node, List<NodeInfo> after) {
        if (!raft.leaderId().map(node.serverId()::equals).orElse(false)) {
            return;
        }
        for (NodeInfo candidate : after) {
            if (!candidate.watcher() && !candidate.tag().equals(node.tag())
                    && raft.transferLeadership(group(view), candidate.serverId())) {
                LOG.infof("node=%s event=leadership-transferred from=%s to=%s reason=demotion",
                        state.nodeTagOrUnknown(), node.tag(), candidate.tag());
                return;
            }
        }
        throw new NoLeaderException("Cannot demote " + node.tag() + ": it leads the cluster and no other voter took "
                + "over within the operation timeout");
    }

    /**
     * A command that changes nothing: proves a majority is there, and measures commit latency. It returns once the
     * leader applied it; unlike state changes it does not wait for this node's own apply (nothing is read back).
     */
    public long noop(String payload) {
        bootstrapIfPassive();
        return submit(new Noop(payload), false).index();
    }

    private void reconfigure(ClusterView view, List<NodeInfo> after) {
        List<RaftPeer> voters = after.stream().filter(n -> !n.watcher())
                .map(n -> RaftNode.peer(n.serverId(), n.raftAddress(), false)).toList();
        List<RaftPeer> listeners = after.stream().filter(NodeInfo::watcher)
                .map(n -> RaftNode.peer(n.serverId(), n.raftAddress(), true)).toList();
        raft.setConfiguration(group(view), voters, listeners);
    }

    /** Registers a client certificate or changes its grant; {@code replaces}: a renewed one's old thumbprint. */
    public void putCertificate(dev.muninn.node.security.CertificateDefinition definition, String replaces,
                               String requestId) {
        bootstrapIfPassive();
        submit(new dev.muninn.node.cluster.commands.PutCertificate(definition, replaces), true, requestId);
    }

    public void deleteCertificate(String thumbprint, String requestId) {
        bootstrapIfPassive();
        submit(new dev.muninn.node.cluster.commands.DeleteCertificate(thumbprint), true, requestId);
    }

    private CommandResult submit(ClusterCommand command) {
        return submit(command, true, null);
    }

    private CommandResult submit(ClusterCommand command, boolean readYourWrite) {
        return submit(command, readYourWrite, null);
    }

    private CommandResult submit(ClusterCommand command, boolean readYourWrite, String requestId) {
        ClusterView view = state.view();
        if (view.topologyId() == null) {
            throw new NoLeaderException("This node is not part of a cluster yet");
        }
        CommandResult result = raft.submit(group(view), command, requestId);
        if (!result.ok()) {
            throw switch (result.error()) {
                case "DatabaseExists" -> new DatabaseAlreadyExistsException(
                        command instanceof CreateDatabase c ? c.name() : "?");
                case "ClusterTransactionConcurrency" -> new ClusterTransactionConflictException(result.message(),
                        result.value() == null ? null : result.value().path("ConcurrencyViolations"));
                default -> new ClusterCommandException(result.message());
            };
        }
        if (readYourWrite) {
            awaitLocally(result);
        }
        return result;
    }

    /** The leader applied it; wait (briefly) until this node did too, so a read right after sees it. */
    private void awaitLocally(CommandResult result) {
        try {
            if (!state.awaitApplied(result.index(), timeout.toMillis())) {
                throw new NoLeaderException("Committed at index " + result.index()
                        + " but not yet applied on this node");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoLeaderException("Interrupted while waiting for the cluster", e);
        }
    }

    private static RaftGroup group(ClusterView view) {
        return RaftGroup.valueOf(RaftNode.groupId(view.topologyId()),
                raftPeers(new ArrayList<>(view.nodes().values())));
    }

    private static List<RaftPeer> raftPeers(List<NodeInfo> nodes) {
        return nodes.stream().map(n -> RaftNode.peer(n.serverId(), n.raftAddress(), n.watcher())).toList();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
