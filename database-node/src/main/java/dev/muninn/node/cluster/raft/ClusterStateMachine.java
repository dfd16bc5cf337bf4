package dev.muninn.node.cluster.raft;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.cluster.commands.ClusterCommand;
import dev.muninn.node.cluster.commands.CommandEnvelope;
import dev.muninn.node.cluster.commands.CommandResult;
import dev.muninn.node.cluster.state.ClusterStore;

/**
 * The Ratis side of the cluster state: decodes each committed entry and hands it to {@link ClusterStore}, which
 * applies it and records the index in one Xodus transaction. Snapshots are the store's JSON dump, named by term and
 * index with an MD5, as Ratis' SimpleStateMachineStorage expects.
 */
public final class ClusterStateMachine extends BaseStateMachine {
    private static final Logger LOG = Logger.getLogger(ClusterStateMachine.class);
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final ClusterStore store;
    private final BiConsumer<ClusterCommand, Long> onApplied;
    private final SimpleStateMachineStorage snapshots = new SimpleStateMachineStorage();

    private final java.util.function.Consumer<Boolean> onLeadership;

    public ClusterStateMachine(ClusterStore store, BiConsumer<ClusterCommand, Long> onApplied) {
        this(store, onApplied, leader -> { });
    }

    /** @param onLeadership told true when this server becomes the leader, false when another one does */
    public ClusterStateMachine(ClusterStore store, BiConsumer<ClusterCommand, Long> onApplied,
                               java.util.function.Consumer<Boolean> onLeadership) {
        this.store = store;
        this.onApplied = onApplied;
        this.onLeadership = onLeadership;
    }

    @Override
    public void notifyLeaderChanged(org.apache.ratis.protocol.RaftGroupMemberId groupMemberId,
                                    org.apache.ratis.protocol.RaftPeerId newLeaderId) {
        onLeadership.accept(groupMemberId.getPeerId().equals(newLeaderId));
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return snapshots;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        snapshots.init(raftStorage);
        loadSnapshotIfNewer();
    }

    @Override
    public void reinitialize() throws IOException {
        loadSnapshotIfNewer(); // a snapshot was installed from the leader
    }

    /**
     * Ratis replays the log from the latest snapshot on every start; entries the Xodus state already holds are
     * skipped by {@link ClusterStore#apply}. So the applied index reported to Ratis starts at the snapshot, never
     * at the store's (possibly later) index, which would make the replay look like going backwards.
     */
    private void loadSnapshotIfNewer() throws IOException {
        SingleFileSnapshotInfo snapshot = snapshots.loadLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        if (snapshot.getIndex() > store.appliedIndex()) {
            File file = snapshot.getFile().getPath().toFile();
            MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
            store.load(Files.readAllBytes(file.toPath()));
            LOG.infof("event=cluster-snapshot-loaded index=%d", snapshot.getIndex());
            onApplied.accept(null, snapshot.getIndex());
        }
        setLastAppliedTermIndex(snapshot.getTermIndex());
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        long term = entry.getTerm();
        try {
            CommandEnvelope envelope = MAPPER.readValue(
                    entry.getStateMachineLogEntry().getLogData().toByteArray(), CommandEnvelope.class);
            ClusterCommand command = envelope.command();
            CommandResult result = store.apply(envelope, term, index).orElse(CommandResult.ok(index));
            updateLastAppliedTermIndex(term, index);
            onApplied.accept(command, index);
            return CompletableFuture.completedFuture(Message.valueOf(
                    org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(MAPPER.writeValueAsBytes(result))));
        } catch (IOException | RuntimeException e) {
            // A command this version cannot read must not stop the cluster: record it as applied and refused.
            LOG.errorf(e, "event=cluster-command-failed index=%d", index);
            store.skip(term, index);
            updateLastAppliedTermIndex(term, index);
            return CompletableFuture.completedFuture(Message.valueOf("{\"ok\":false,\"error\":\"Unreadable\","
                    + "\"message\":\"" + e.getClass().getSimpleName() + "\",\"index\":" + index + "}"));
        }
    }

    @Override
    public long takeSnapshot() throws IOException {
        var last = getLastAppliedTermIndex();
        File file = snapshots.getSnapshotFile(last.getTerm(), last.getIndex());
        writeDurably(file.toPath(), store.dump());
        var digest = MD5FileUtil.computeAndSaveMd5ForFile(file);
        snapshots.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), digest),
                last.getTerm(), last.getIndex()));
        return last.getIndex();
    }

    /**
     * Ratis may drop the log up to a snapshot's index once it has the snapshot, so the snapshot must be on disk
     * before this returns, not only in the page cache (a power loss would otherwise leave neither).
     */
    private static void writeDurably(java.nio.file.Path path, byte[] bytes) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }
}
