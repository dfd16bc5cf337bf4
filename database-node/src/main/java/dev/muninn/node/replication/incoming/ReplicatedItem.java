package dev.muninn.node.replication.incoming;

/**
 * A version of a document as another member of the database group sends it: its change vector is the origin's,
 * not ours. {@code body} is the stored JSON, or empty for a delete (a tombstone). Revisions travel as items too,
 * marked by their flags.
 */
public record ReplicatedItem(String id, String collection, String changeVector, long lastModifiedTicks, int flags,
                             byte[] body) {
    public boolean isTombstone() {
        return body.length == 0;
    }

    /** A past version (a revision, or a delete revision when the body is empty), not the document's state. */
    public boolean isRevision() {
        return (flags & dev.muninn.node.documents.DocumentFlags.REVISION) != 0;
    }
}
