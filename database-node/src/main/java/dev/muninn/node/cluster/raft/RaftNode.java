package dev.muninn.node.cluster.raft;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.TimeDuration;
import org.jboss.logging.Logger;

import dev.muninn.node.cluster.NoLeaderException;
import dev.muninn.node.cluster.commands.ClusterCommand;
import dev.muninn.node.cluster.commands.CommandResult;
import dev.muninn.node.cluster.commands.Noop;

/**
 * Ratis wiring only: one RaftServer per node on its TCP port, one Raft group per cluster (the group id is the
 * cluster's topology id), and a client that sends commands to whoever leads. Knows nothing of what commands mean.
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RaftNode.class);

    private final RaftPeerId me;
    private final String address;
    private final RaftProperties properties;
    /** Mutual TLS of the gRPC transport (servers, peers, clients), or empty parameters for plain text. */
    private final org.apache.ratis.conf.Parameters parameters = new org.apache.ratis.conf.Parameters();
    private final java.util.function.Supplier<ClusterStateMachine> stateMachines;
    private volatile RaftServer server;
    private final Duration operationTimeout;
    private volatile RaftClient client;
    /** Identifies commands this server submits to itself while it leads (Ratis' retry cache keys on it). */
    private final ClientId localClientId = ClientId.randomId();
    private final java.util.concurrent.atomic.AtomicLong localCallIds = new java.util.concurrent.atomic.AtomicLong();
    private volatile RaftGroup clientGroup;

    /**
     * @param stateMachines makes the state machine of a group division; a fresh one each time, because a division
     *                      that is removed and added again must not inherit the old one's snapshot bookkeeping
     */
    public RaftNode(String serverId, String bindAddress, String advertisedAddress, Path storageDir,
                    java.util.function.Supplier<ClusterStateMachine> stateMachines, Duration operationTimeout) {
        this(serverId, bindAddress, advertisedAddress, storageDir, stateMachines, operationTimeout, null);
    }

    /**
     * @param tls when not null, every Raft connection is mutual TLS: this node presents the key manager's
     *            certificate and accepts only peers the trust manager accepts (the cluster's CA)
     */
    public RaftNode(String serverId, String bindAddress, String advertisedAddress, Path storageDir,
                    java.util.function.Supplier<ClusterStateMachine> stateMachines, Duration operationTimeout,
                    RaftTls tls) {
        if (tls != null) {
            org.apache.ratis.grpc.GrpcConfigKeys.TLS.setConf(parameters,
                    new org.apache.ratis.grpc.GrpcTlsConfig(tls.keyManager(), tls.trustManager(), true));
        }
        this.me = RaftPeerId.valueOf(serverId);
        this.address = advertisedAddress;
        this.operationTimeout = operationTimeout;
        this.properties = properties(storageDir.toFile(), bindAddress);
        this.stateMachines = stateMachines;
        this.server = startServer();
    }

    /** A Raft server that recovers every group it holds from its storage. */
    private RaftServer startServer() {
        try {
            RaftServer started = RaftServer.newBuilder().setServerId(me)
                    .setStateMachineRegistry(groupId -> stateMachines.get())
                    .setProperties(properties).setParameters(parameters).setOption(org.apache.ratis.server.storage.RaftStorage.StartupOption.RECOVER)
                    .build();
            started.start();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Raft server on " + GrpcConfigKeys.Server.host(properties)
                    + ":" + GrpcConfigKeys.Server.port(properties), e);
        }
    }

    private static RaftProperties properties(File storageDir, String address) {
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.GRPC);
        int colon = address.lastIndexOf(':');
        GrpcConfigKeys.Server.setHost(props, address.substring(0, colon));
        GrpcConfigKeys.Server.setPort(props, Integer.parseInt(address.substring(colon + 1)));
        RaftServerConfigKeys.setStorageDir(props, List.of(storageDir));
        // Short election timeouts: a lost leader is replaced in about a second on a LAN.
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(400, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(800, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(props, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(props, TimeDuration.valueOf(400, TimeUnit.MILLISECONDS));
        // A leader that lost its majority's heartbeats waits this long before standing again (10 s by default).
        // When it holds the longest log (a voter restarting its division while the other is behind) no one else can
        // win, and the cluster would be leaderless for all of it; pre-vote already keeps a cut-off node from
        // disrupting, so two of the longest election timeouts are enough.
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(props,
                TimeDuration.valueOf(1600, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, 10_000);
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(2, TimeUnit.SECONDS));
        // Any Ratis setting can be overridden with a JVM system property of the same key (-Draft.server....=...).
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("raft."))
                .forEach(key -> props.set(key, System.getProperty(key)));
        return props;
    }

    public String serverId() {
        return me.toString();
    }

    /** The address other servers reach this one at (PublicServerUrl.Tcp, else the bind address). */
    public String address() {
        return address;
    }

    public static RaftPeer peer(String serverId, String address, boolean listener) {
        return RaftPeer.newBuilder().setId(serverId).setAddress(address)
                .setStartupRole(listener ? org.apache.ratis.proto.RaftProtos.RaftPeerRole.LISTENER
                        : org.apache.ratis.proto.RaftProtos.RaftPeerRole.FOLLOWER)
                .build();
    }

    public static RaftGroupId groupId(String topologyId) {
        return RaftGroupId.valueOf(UUID.fromString(topologyId));
    }

    /** The group this server belongs to, if any (a fresh node belongs to none). */
    public Optional<RaftGroupId> group() {
        try {
            List<RaftGroupId> groups = new ArrayList<>();
            server.getGroupIds().forEach(groups::add);
            return groups.stream().findFirst();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Starts a one-member group with this server in it: a new cluster. */
    public void bootstrap(String topologyId) {
        RaftGroup group = RaftGroup.valueOf(groupId(topologyId), peer(serverId(), address, false));
        try (RaftClient admin = newAdminClient(group)) {
            admin.getGroupManagementApi(me).add(group);
        } catch (IOException e) {
            if (alreadyHoldsTheGroup(e) && soloGroupTopologyId().isPresent()) {
                // The first attempt added it but its answer came too late (a cold first TLS handshake, a busy
                // machine) and the client's retry found it there: the group is ours.
                LOG.infof("event=raft-group-already-added peer=%s", address);
                return;
            }
            throw new UncheckedIOException("Cannot create the cluster's Raft group", e);
        }
    }

    /**
     * The topology id of the group this server holds when it is the only peer of it: what a bootstrap leaves before
     * its first command is committed. A server that joined a cluster holds a group of several peers.
     */
    public Optional<String> soloGroupTopologyId() {
        Optional<RaftGroupId> groupId = group();
        if (groupId.isEmpty()) {
            return Optional.empty();
        }
        try {
            Collection<RaftPeer> peers = server.getDivision(groupId.get()).getGroup().getPeers();
            boolean solo = peers.size() == 1 && peers.iterator().next().getId().toString().equals(serverId());
            return solo ? Optional.of(groupId.get().getUuid().toString()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Tells a fresh server to join the group with the given (future) configuration. */
    public void addGroupOn(RaftPeer target, RaftGroupId groupId, Collection<RaftPeer> peers) {
        List<RaftPeer> all = new ArrayList<>(peers);
        RaftGroup group = RaftGroup.valueOf(groupId, all);
        try (RaftClient admin = newAdminClient(group)) {
            admin.getGroupManagementApi(target.getId()).add(group);
        } catch (IOException e) {
            if (alreadyHoldsTheGroup(e)) {
                // An earlier attempt got this far and then failed to change the configuration (another change was
                // in progress): the server already joined, so the retry goes on to the configuration change.
                LOG.infof("event=raft-group-already-added peer=%s", target.getAddress());
                return;
            }
            throw new UncheckedIOException("Cannot add " + target.getAddress() + " to the cluster's Raft group", e);
        }
    }

    private static boolean alreadyHoldsTheGroup(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.ratis.protocol.exceptions.AlreadyExistsException) {
                return true;
            }
        }
        return false;
    }

    /** Asks a removed server to drop the group (best effort: it may be down). */
    public void removeGroupOn(RaftPeer target, RaftGroupId groupId, Collection<RaftPeer> peers) {
        List<RaftPeer> all = new ArrayList<>(peers);
        all.add(target);
        try (RaftClient admin = newAdminClient(RaftGroup.valueOf(groupId, all))) {
            admin.getGroupManagementApi(target.getId()).remove(groupId, true, false);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("event=raft-group-remove-failed peer=%s reason=%s", target.getAddress(), e.getMessage());
        }
    }

    /** Changes the voting members and the listeners (watchers) of the group. */
    public void setConfiguration(RaftGroup current, List<RaftPeer> voters, List<RaftPeer> listeners) {
        RaftClient admin = clientFor(current);
        RaftClientReply reply;
        try {
            reply = admin.admin().setConfiguration(voters, listeners);
        } catch (IOException e) {
            forgetClientIfGroupMismatch(e);
            throw new NoLeaderException("Could not change the cluster membership: " + e.getMessage(), e);
        }
        if (!reply.isSuccess()) {
            forgetClientIfGroupMismatch(reply.getException());
            throw new NoLeaderException("The cluster refused the membership change: " + reply.getException());
        }
    }

    /**
     * Asks the leader to hand leadership to {@code serverId}, which it does once that server's log is caught up.
     * Returns false when the transfer did not happen within the operation timeout.
     */
    public boolean transferLeadership(RaftGroup current, String serverId) {
        try {
            RaftClientReply reply = clientFor(current).admin().transferLeadership(RaftPeerId.valueOf(serverId),
                    operationTimeout.toMillis());
            return reply.isSuccess();
        } catch (IOException e) {
            forgetClientIfGroupMismatch(e);
            LOG.warnf("event=raft-leadership-transfer-failed to=%s reason=%s", serverId, e.getMessage());
            return false;
        }
    }

    /** Sends a command through the leader and waits for it to be applied there, up to the operation timeout. */
    public CommandResult submit(RaftGroup group, ClusterCommand command) {
        return submit(group, command, null);
    }

    /**
     * As {@link #submit(RaftGroup, ClusterCommand)}, deduplicated by the caller's request id (may be null: then one
     * is made here, so that a resend after a failed client cannot apply the command twice).
     */
    public CommandResult submit(RaftGroup group, ClusterCommand command, String requestId) {
        byte[] payload;
        try {
            String id = requestId != null || command instanceof Noop ? requestId : "muninn-" + UUID.randomUUID();
            payload = ClusterStateMachine.MAPPER.writeValueAsBytes(
                    new dev.muninn.node.cluster.commands.CommandEnvelope(id, command));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Message message = Message.valueOf(ByteString.copyFrom(payload));
        long deadline = System.nanoTime() + operationTimeout.toNanos();
        Optional<CommandResult> local = submitHereIfLeader(group, message, deadline);
        if (local.isPresent()) {
            return local.get();
        }
        while (true) {
            RaftClient sender = clientFor(group);
            CompletableFuture<RaftClientReply> pending = sender.async().send(message);
            try {
                RaftClientReply reply = pending.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (!reply.isSuccess()) {
                    throw new NoLeaderException("The cluster did not accept the command: " + reply.getException());
                }
                return ClusterStateMachine.MAPPER.readValue(reply.getMessage().getContent().toByteArray(),
                        CommandResult.class);
            } catch (TimeoutException e) {
                // The client would keep retrying this request and, being ordered, hold back later ones behind it.
                resetClient(sender);
                throw noMajorityInTime();
            } catch (ExecutionException e) {
                // The client retries I/O failures for ever, so a failure here failed its ordered window: every later
                // request through it would be refused unsent ("... is closed"). A fresh client resends; the request
                // id keeps a command that did reach the leader from being applied twice.
                resetClient(sender);
                if (System.nanoTime() >= deadline) {
                    throw new NoLeaderException("Cluster command failed: " + e.getCause().getMessage(), e.getCause());
                }
                LOG.infof("event=raft-client-renewed reason=%s", e.getCause());
                pauseBeforeResend();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoLeaderException("Interrupted while waiting for the cluster", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * When this server leads the group, hands the command straight to its own Raft server instead of sending it
     * through a gRPC client to itself (a loopback round trip, HTTP/2 framing and protobuf both ways on the leader,
     * which does most of the cluster's work). Empty when this server does not lead, or stopped leading before the
     * command was accepted: the caller then goes through the client, and the request id keeps a command that was
     * appended after all from being applied twice.
     */
    private Optional<CommandResult> submitHereIfLeader(RaftGroup group, Message message, long deadline) {
        CompletableFuture<RaftClientReply> pending;
        try {
            if (!server.getDivision(group.getGroupId()).getInfo().isLeaderReady()) {
                return Optional.empty();
            }
            pending = server.submitClientRequestAsync(RaftClientRequest.newBuilder()
                    .setClientId(localClientId).setServerId(me).setGroupId(group.getGroupId())
                    .setCallId(localCallIds.incrementAndGet()).setMessage(message)
                    .setType(RaftClientRequest.writeRequestType()).build());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try {
            RaftClientReply reply = pending.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!reply.isSuccess()) {
                LOG.debugf("event=raft-local-submit-refused reason=%s", reply.getException());
                return Optional.empty();
            }
            return Optional.of(ClusterStateMachine.MAPPER.readValue(
                    reply.getMessage().getContent().toByteArray(), CommandResult.class));
        } catch (TimeoutException e) {
            throw noMajorityInTime();
        } catch (ExecutionException e) {
            LOG.debugf("event=raft-local-submit-failed reason=%s", e.getCause());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoLeaderException("Interrupted while waiting for the cluster", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private NoLeaderException noMajorityInTime() {
        return new NoLeaderException("No majority of the cluster answered within " + operationTimeout.toSeconds()
                + " s (Cluster.OperationTimeoutInSec); the operation may still be applied if a majority returns");
    }

    private static void pauseBeforeResend() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoLeaderException("Interrupted while waiting for the cluster", e);
        }
    }

    /** The current leader's peer id as this server sees it, if it knows one. */
    public Optional<String> leaderId() {
        return group().flatMap(groupId -> {
            try {
                RaftPeerId leader = server.getDivision(groupId).getInfo().getLeaderId();
                return Optional.ofNullable(leader).map(RaftPeerId::toString);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * On the leader: how long each other server (by server id) has been silent, i.e. milliseconds since Raft last
     * heard back from it. Empty on a follower. Raft's own heartbeats make this a liveness signal at no extra cost.
     */
    public java.util.Map<String, Long> silenceMillisByServer() {
        return group().map(groupId -> {
            try {
                var role = server.getDivision(groupId).getInfo().getRoleInfoProto();
                java.util.Map<String, Long> silence = new java.util.HashMap<>();
                if (role.hasLeaderInfo()) {
                    for (var follower : role.getLeaderInfo().getFollowerInfoList()) {
                        silence.put(follower.getId().getId().toStringUtf8(), follower.getLastRpcElapsedTimeMs());
                    }
                }
                return silence;
            } catch (IOException | RuntimeException e) {
                return java.util.Map.<String, Long>of();
            }
        }).orElse(java.util.Map.of());
    }

    /** This server's division of the cluster's group, its role and its configured role; empty without a group. */
    public Optional<DivisionRole> divisionRole() {
        return group().flatMap(groupId -> {
            try {
                RaftServer.Division division = server.getDivision(groupId);
                RaftConfiguration conf = division.getRaftConf();
                RaftPeerId id = RaftPeerId.valueOf(serverId());
                Collection<RaftPeer> voters = conf.getCurrentPeers(RaftPeerRole.FOLLOWER);
                Collection<RaftPeer> listeners = conf.getCurrentPeers(RaftPeerRole.LISTENER);
                DivisionRole.Role configured = listeners.stream().anyMatch(p -> p.getId().equals(id))
                        ? DivisionRole.Role.LISTENER
                        : voters.stream().anyMatch(p -> p.getId().equals(id)) ? DivisionRole.Role.VOTER
                        : DivisionRole.Role.NONE;
                DivisionRole.Role acting = switch (division.getInfo().getCurrentRole()) {
                    case LEADER -> DivisionRole.Role.LEADER;
                    case LISTENER -> DivisionRole.Role.LISTENER;
                    default -> DivisionRole.Role.VOTER; // follower or candidate
                };
                List<RaftPeer> peers = new ArrayList<>();
                voters.forEach(p -> peers.add(peer(p.getId().toString(), p.getAddress(), false)));
                listeners.forEach(p -> peers.add(peer(p.getId().toString(), p.getAddress(), true)));
                LifeCycle.State lifeCycle = division.getInfo().getLifeCycleState();
                boolean closed = lifeCycle == LifeCycle.State.CLOSED || lifeCycle == LifeCycle.State.EXCEPTION;
                return Optional.of(new DivisionRole(closed, acting, configured,
                        conf.getPreviousPeers().isEmpty(), RaftGroup.valueOf(groupId, peers)));
            } catch (IOException | RuntimeException e) {
                LOG.debugf("event=raft-division-unreadable reason=%s", e.toString());
                return Optional.empty();
            }
        });
    }

    /**
     * Restarts this server's division from its own storage (log and snapshot kept), as a process restart would:
     * it comes back in the role its configuration gives it.
     */
    public void restartDivision(RaftGroup group) {
        try (RaftClient admin = newAdminClient(group)) {
            admin.getGroupManagementApi(me).remove(group.getGroupId(), false, false);
            admin.getGroupManagementApi(me).add(group, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restart this server's Raft division", e);
        }
    }

    /**
     * Replaces this server's division of the group with a fresh one (log dropped, cluster state kept) in the roles
     * {@code group} gives: the leader then catches it up from its log or a snapshot. Only for a watcher, whose log
     * holds nothing a majority relies on.
     */
    public void rejoin(RaftGroup group) {
        try (RaftClient admin = newAdminClient(group)) {
            try {
                admin.getGroupManagementApi(me).remove(group.getGroupId(), true, false);
            } catch (IOException e) {
                LOG.warnf("event=raft-group-remove-failed reason=%s", e.getMessage());
            }
            admin.getGroupManagementApi(me).add(group, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rejoin the cluster's Raft group", e);
        }
    }

    /** False when this server's division of the group exists but is closed (it no longer takes part). */
    public boolean divisionAlive() {
        return group().map(groupId -> {
            try {
                return server.getDivision(groupId).getInfo().isAlive();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }).orElse(false);
    }

    public long currentTerm() {
        return group().map(groupId -> {
            try {
                return server.getDivision(groupId).getInfo().getCurrentTerm();
            } catch (IOException | RuntimeException e) {
                return 0L;
            }
        }).orElse(0L);
    }

    public boolean isLeader() {
        return leaderId().map(serverId()::equals).orElse(false);
    }

    private synchronized void resetClient() {
        resetClient(client);
    }

    /** Closes {@code failed} if it is still the current client (another caller may have replaced it already). */
    private synchronized void resetClient(RaftClient failed) {
        if (client != null && client == failed) {
            closeQuietly(client);
            client = null;
        }
    }

    private synchronized RaftClient clientFor(RaftGroup group) {
        if (client == null || !group.equals(clientGroup)) {
            if (client != null) {
                closeQuietly(client);
            }
            client = newClient(group);
            clientGroup = group;
        }
        return client;
    }

    /**
     * Starts from the leader this server knows: a client that guessed a peer whose process came back without the
     * group (a lost volume) gets GroupMismatchException there, which it does not retry elsewhere.
     */
    private RaftClient newClient(RaftGroup group) {
        RaftClient.Builder builder = RaftClient.newBuilder().setProperties(properties).setParameters(parameters).setRaftGroup(group)
                .setRetryPolicy(RetryPolicies.retryForeverWithSleep(TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)));
        leaderId().map(RaftPeerId::valueOf).filter(leader -> group.getPeer(leader) != null)
                .ifPresent(builder::setLeaderId);
        return builder.build();
    }

    /** A peer answered that it does not hold the group: forget the client, so the next one asks the known leader. */
    private void forgetClientIfGroupMismatch(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.ratis.protocol.exceptions.GroupMismatchException) {
                resetClient();
                return;
            }
        }
    }

    /** Group management talks to one named server: a few quick retries, then a clear failure. */
    private RaftClient newAdminClient(RaftGroup group) {
        return RaftClient.newBuilder().setProperties(properties).setParameters(parameters).setRaftGroup(group)
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(5,
                        TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
                .build();
    }

    private static void closeQuietly(RaftClient c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing an old client
        }
    }

    @Override
    public void close() {
        if (client != null) {
            closeQuietly(client);
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warnf("event=raft-close-failed reason=%s", e.getMessage());
        }
    }
}
