package dev.muninn.node.storage;

/**
 * A document as the storage layer keeps it. {@code body} is opaque to storage (the documents layer
 * stores JSON there). {@code lastModifiedTicks} counts 100 ns units since the Unix epoch, the
 * resolution RavenDB's 7-digit timestamps carry.
 */
public record StoredDocument(String id, String collection, long etag, String changeVector,
                             long lastModifiedTicks, int flags, byte[] body) {
}
