package dev.muninn.node.storage;

/** What remains of a deleted document: enough to replicate the delete and to order it by etag. */
public record StoredTombstone(String id, String collection, long etag, String changeVector, long deletedTicks) {
}
