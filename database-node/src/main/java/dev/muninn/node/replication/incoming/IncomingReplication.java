package dev.muninn.node.replication.incoming;

import java.time.Duration;
import java.util.List;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.replication.BatchReceipt;
import dev.muninn.node.replication.ReplicationPosition;
import dev.muninn.node.script.JsSandbox;
import dev.muninn.node.storage.StoredDocument;
import dev.muninn.node.storage.StoredTombstone;

/**
 * The receiving end of replication between members of a database group (and from other clusters' external
 * replication): where a sender resumes, and a batch applied in one transaction with the sender's position. The
 * transport (http/ReplicationResource) only parses requests and writes the answers
 * {@link dev.muninn.node.replication.ReplicationBatchCodec} encodes.
 */
public final class IncomingReplication {
    private final ClusterState cluster;
    private final JsSandbox sandbox;
    /** Applies the streams' batches; a thread per stream while it has something to apply. */
    private final java.util.concurrent.ExecutorService streams = java.util.concurrent.Executors.newCachedThreadPool(
            DaemonThreads.numbered("replication-incoming"));

    /** @param sandbox runs the conflict resolution scripts of the database records */
    public IncomingReplication(ClusterState cluster, JsSandbox sandbox) {
        this.cluster = cluster;
        this.sandbox = sandbox;
    }

    /**
     * Opens the replication stream of the sender {@code sourceDatabaseId} into {@code database}: its position goes
     * to {@code replies} first, then a receipt for every transaction of batches it sends (ADR 0031).
     */
    public IncomingStream stream(DatabaseInstance database, String sourceDatabaseId, IncomingStream.Replies replies,
                                 Runnable queuedBytesChanged) {
        IncomingStream stream = new IncomingStream(this, database, sourceDatabaseId, replies, streams,
                queuedBytesChanged);
        stream.start();
        return stream;
    }

    /** Where {@code database} stands for the sender {@code sourceDatabaseId}: the sender resumes after it. */
    public ReplicationPosition position(DatabaseInstance database, String sourceDatabaseId) {
        return new ReplicationPosition(lastReceived(database, sourceDatabaseId),
                database.databaseChangeVector().toString(), database.databaseId(), true);
    }

    /**
     * Completes once this member has seen the source's writes up to {@code etag}, or {@code timeout} passed (tests and
     * the replication bench wait on it instead of polling), with how far it has seen them; no thread waits meanwhile. Seen counts writes that
     * arrived from the source itself (its stored position) or forwarded by another member first (its database change
     * vector): the source's sender then skips them (ADR 0031), so the position alone would lag.
     */
    public java.util.concurrent.CompletableFuture<Long> whenSeen(DatabaseInstance database, String sourceDatabaseId,
                                                                 long etag, Duration timeout,
                                                                 java.util.concurrent.Executor executor) {
        return database.whenCommitted(() -> seen(database, sourceDatabaseId) >= etag, timeout, executor)
                .thenApply(reached -> seen(database, sourceDatabaseId));
    }

    private static long seen(DatabaseInstance database, String sourceDatabaseId) {
        return Math.max(lastReceived(database, sourceDatabaseId),
                database.databaseChangeVector().etagOf(sourceDatabaseId));
    }

    private static long lastReceived(DatabaseInstance database, String sourceDatabaseId) {
        return database.read(r -> ApplyReplicatedItems.lastReceived(r.storage(), r.transaction(), sourceDatabaseId));
    }

    /**
     * Applies a batch from {@code sourceDatabaseId} in one transaction, with {@code lastEtag} (the sender's etag the
     * batch ends at) as the position to resume from; conflicts are resolved as the database record's
     * ConflictSolverConfig says.
     */
    public BatchReceipt receive(DatabaseInstance database, String sourceDatabaseId, long lastEtag,
                                ReplicationBatch batch) {
        List<ReplicatedItem> items = batch.items();
        refuseVersionsThisDatabaseNeverWrote(database, items);
        ConflictResolver resolver = ConflictResolver.from(cluster.record(database.name())
                .map(r -> r.settings().get("ConflictSolverConfig")).orElse(null), sandbox);
        if (database.read(r -> knowsAll(r, items))) {
            // Copies forwarded by another member of what this one already has: nothing to write. The stored position
            // for this source stays behind; after a reconnect the sender re-sends these, and they are skipped again.
            return new BatchReceipt(lastEtag, 0, items.size(), 0, 0, false,
                    database.databaseChangeVector().toString());
        }
        ApplyReplicatedItems.Outcome outcome = database.write(
                new ApplyReplicatedItems(sourceDatabaseId, lastEtag, items, resolver, batch.attachments()));
        return new BatchReceipt(lastEtag, outcome.applied(), outcome.skipped(), outcome.merged(),
                outcome.conflicted().size(), true, database.databaseChangeVector().toString());
    }

    /**
     * This database's etags only grow, and every version another member holds of it was written here first, so an
     * entry for this database above its last etag is forged (or from a different database that took its id).
     * Checked before anything is written; a legitimate item is never refused, since the last etag only grows.
     */
    static void refuseVersionsThisDatabaseNeverWrote(DatabaseInstance database, List<ReplicatedItem> items) {
        String ownId = database.databaseId();
        long lastEtag = database.lastEtag();
        for (ReplicatedItem item : items) {
            if (item.isCounters()) {
                long claimed = dev.muninn.node.documents.counters.CounterGroup.parse(item.body()).highestEtagOf(ownId);
                if (claimed > lastEtag) {
                    throw new ForeignChangeVectorException("Replicated counters of '" + item.id() + "' hold etag "
                            + claimed + " of this database (" + ownId + "); its last etag is " + lastEtag);
                }
            }
            for (var entry : dev.muninn.node.documents.ChangeVector.parse(item.changeVector()).entries()) {
                if (entry.databaseId().equals(ownId) && entry.etag() > lastEtag) {
                    throw new ForeignChangeVectorException("Replication item '" + item.id() + "' has change vector '"
                            + item.changeVector() + "', which claims etag " + entry.etag() + " of this database ("
                            + ownId + "); its last etag is " + lastEtag);
                }
            }
        }
    }

    /**
     * True when every item is already here (an equal or newer version, a known revision, no conflict): applying
     * them would change nothing, so a batch of forwarded copies needs no write transaction (and no fsync).
     */
    private static boolean knowsAll(DatabaseInstance.DocumentReader reader, List<ReplicatedItem> items) {
        var storage = reader.storage();
        var txn = reader.transaction();
        for (var item : items) {
            if (item.isCounters()) {
                String local = storage.counters(txn, item.id()).map(StoredDocument::changeVector).orElse(null);
                ChangeVector.Order order = local == null ? ChangeVector.Order.NEWER
                        : ChangeVector.parse(item.changeVector()).compareTo(ChangeVector.parse(local));
                if (order != ChangeVector.Order.OLDER && order != ChangeVector.Order.EQUAL) {
                    return false;
                }
                continue;
            }
            if (item.isRevision()) {
                if (!storage.hasRevision(txn, item.changeVector())) {
                    return false;
                }
                continue;
            }
            if (!storage.conflictsOf(txn, item.id()).isEmpty()) {
                return false;
            }
            String local = storage.get(txn, item.id()).map(StoredDocument::changeVector)
                    .or(() -> storage.getTombstone(txn, item.id()).map(StoredTombstone::changeVector)).orElse(null);
            if (local == null) {
                return false;
            }
            ChangeVector.Order order = ChangeVector.parse(item.changeVector()).compareTo(ChangeVector.parse(local));
            if (order != ChangeVector.Order.OLDER && order != ChangeVector.Order.EQUAL) {
                return false;
            }
        }
        return true;
    }
}
