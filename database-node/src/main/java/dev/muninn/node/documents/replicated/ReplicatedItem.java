package dev.muninn.node.documents.replicated;

/**
 * A version of a document as another member of the database group sends it: its change vector is the origin's,
 * not ours. {@code body} is the stored JSON, or empty for a delete (a tombstone).
 */
public record ReplicatedItem(String id, String collection, String changeVector, long lastModifiedTicks, int flags,
                             byte[] body) {
    public boolean isTombstone() {
        return body.length == 0;
    }
}
