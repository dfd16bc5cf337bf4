package dev.muninn.node.documents;

import java.util.Optional;

import dev.muninn.node.storage.DocumentsStorage;
import dev.muninn.node.storage.StoredDocument;
import dev.muninn.node.storage.StoredTombstone;
import jetbrains.exodus.env.Transaction;

/**
 * What a write operation sees: the open transaction, the next etag, the node's identity and one clock
 * reading for the whole merged transaction. State changes here are published only after the commit.
 */
public final class WriteContext {
    static final String LAST_ETAG = "last-etag";
    static final String DATABASE_CHANGE_VECTOR = "database-change-vector";
    /** The Raft index of the last cluster-wide transaction applied to this database. */
    public static final String LAST_CLUSTER_TRANSACTION = "last-cluster-transaction";
    /** The change-vector tag of versions written by cluster-wide transactions (RavenDB's is the same). */
    public static final String CLUSTER_TRANSACTION_TAG = "RAFT";

    private final Transaction txn;
    private final DocumentsStorage storage;
    private final String nodeTag;
    private final String databaseId;
    private final long nowTicks;
    private long lastEtag;
    private long operationStartEtag;
    private final long transactionStartEtag;
    private ChangeVector databaseChangeVector;
    private long clusterTransactionIndex;
    private String clusterTransactionTopologyId;
    private final dev.muninn.node.documents.revisions.RevisionsConfiguration revisions;

    /** Starts from the last committed etag and change vector, which the single writer keeps in memory. */
    WriteContext(Transaction txn, DocumentsStorage storage, String nodeTag, String databaseId, long nowTicks,
                 long lastEtag, ChangeVector databaseChangeVector,
                 dev.muninn.node.documents.revisions.RevisionsConfiguration revisions) {
        this.revisions = revisions;
        this.txn = txn;
        this.storage = storage;
        this.nodeTag = nodeTag;
        this.databaseId = databaseId;
        this.nowTicks = nowTicks;
        this.lastEtag = lastEtag;
        this.operationStartEtag = lastEtag;
        this.transactionStartEtag = lastEtag;
        this.databaseChangeVector = databaseChangeVector;
    }

    public Transaction transaction() {
        return txn;
    }

    public DocumentsStorage storage() {
        return storage;
    }

    public String nodeTag() {
        return nodeTag;
    }

    public String databaseId() {
        return databaseId;
    }

    public long nowTicks() {
        return nowTicks;
    }

    /** The database's revisions configuration, as of this transaction. */
    public dev.muninn.node.documents.revisions.RevisionsConfiguration revisions() {
        return revisions;
    }

    /**
     * Called by the merger before each operation it runs in this transaction: a client request's batch, which is
     * what "one transaction" means to the client even when the merger commits several together.
     */
    void beginOperation() {
        operationStartEtag = lastEtag;
    }

    /** True for an etag given out by the operation running now. */
    public boolean isCurrentOperationsEtag(long etag) {
        return etag > operationStartEtag;
    }

    /** True for an etag given out in this transaction (by any operation the merger put in it). */
    public boolean isCurrentTransactionsEtag(long etag) {
        return etag > transactionStartEtag;
    }

    /**
     * A change vector for a local write at {@code etag} that is always this node's own, even inside a cluster-wide
     * transaction: for state every member changes by itself (counters), where a shared entry would make two
     * different states look like one version.
     */
    public ChangeVector nodeChangeVector(ChangeVector previous, long etag) {
        ChangeVector result = previous.with(nodeTag, etag, databaseId);
        databaseChangeVector = databaseChangeVector.merge(result);
        return result;
    }

    public long nextEtag() {
        return ++lastEtag;
    }

    public long lastEtag() {
        return lastEtag;
    }

    public Optional<StoredDocument> get(String id) {
        return storage.get(txn, id);
    }

    public Optional<StoredTombstone> getTombstone(String id) {
        return storage.getTombstone(txn, id);
    }

    /**
     * From now on, writes are those of the cluster-wide transaction at Raft {@code index}: their change vectors get
     * {@code RAFT:<index>-<topologyId>} instead of this node's entry, so every member produces the same version.
     */
    public void beginClusterTransaction(long index, String topologyId) {
        clusterTransactionIndex = index;
        clusterTransactionTopologyId = topologyId;
    }

    public void endClusterTransaction() {
        clusterTransactionIndex = 0;
        clusterTransactionTopologyId = null;
    }

    /** A change vector for a local write at {@code etag} over the given previous version. */
    public ChangeVector localChangeVector(ChangeVector previous, long etag) {
        ChangeVector result = clusterTransactionIndex > 0
                ? previous.with(CLUSTER_TRANSACTION_TAG, clusterTransactionIndex, clusterTransactionTopologyId)
                : previous.with(nodeTag, etag, databaseId);
        databaseChangeVector = databaseChangeVector.merge(result);
        return result;
    }

    /** Stores a version; {@code previous} and {@code previousTombstone} are what the caller already read. */
    public void put(StoredDocument document, Optional<StoredDocument> previous,
                    Optional<StoredTombstone> previousTombstone) {
        storage.put(txn, document, previous, previousTombstone);
    }

    public void delete(StoredTombstone tombstone, StoredDocument previous) {
        storage.delete(txn, tombstone, previous);
    }

    /** Folds a replicated version's change vector into the database's (what this database has seen). */
    public void observe(ChangeVector changeVector) {
        databaseChangeVector = databaseChangeVector.merge(changeVector);
    }

    public ChangeVector databaseChangeVector() {
        return databaseChangeVector;
    }

    /** Persists the counters this context advanced; called once, just before commit. */
    void finish() {
        storage.markTransactionEnd(txn, lastEtag);
        storage.putMetaLong(txn, LAST_ETAG, lastEtag);
        storage.putMetaString(txn, DATABASE_CHANGE_VECTOR, databaseChangeVector.toString());
    }
}
