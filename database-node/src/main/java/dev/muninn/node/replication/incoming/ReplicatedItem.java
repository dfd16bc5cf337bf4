package dev.muninn.node.replication.incoming;

/**
 * A version of a document as another member of the database group sends it: its change vector is the origin's,
 * not ours. {@code body} is the stored JSON, or empty for a delete (a tombstone). Revisions travel as items too,
 * marked by their flags, and so do a document's counters ({@link #COUNTERS}: the body is their state).
 */
public record ReplicatedItem(String id, String collection, String changeVector, long lastModifiedTicks, int flags,
                             byte[] body) {
    /** Marks the counters of a document (never a stored document flag: counters are stored apart). */
    public static final int COUNTERS = 1 << 30;

    public boolean isCounters() {
        return (flags & COUNTERS) != 0;
    }

    public boolean isTombstone() {
        return body.length == 0;
    }

    /** A past version (a revision, or a delete revision when the body is empty), not the document's state. */
    public boolean isRevision() {
        return (flags & dev.muninn.node.documents.DocumentFlags.REVISION) != 0;
    }
}
