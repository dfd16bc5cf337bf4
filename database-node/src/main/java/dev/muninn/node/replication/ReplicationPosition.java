package dev.muninn.node.replication;

/**
 * Where a receiver stands for one source, as it answers a sender's handshake and heartbeats: the last etag of that
 * source it applied (the sender resumes after it), its database change vector, and its own database id (the sender
 * does not send back versions only the receiver wrote).
 */
public record ReplicationPosition(long lastEtag, String databaseChangeVector, String databaseId) {
}
