package dev.muninn.node.replication;

/**
 * Where a receiver stands for one source, as it answers a sender's handshake and heartbeats: the last etag of that
 * source it applied (the sender resumes after it), its database change vector, its own database id (the sender
 * does not send back versions only the receiver wrote), and whether it takes counters (a node from before them
 * would pass them by and acknowledge the batch: the sender holds them back until it is upgraded).
 */
public record ReplicationPosition(long lastEtag, String databaseChangeVector, String databaseId,
                                  boolean takesCounters) {
    public ReplicationPosition(long lastEtag, String databaseChangeVector, String databaseId) {
        this(lastEtag, databaseChangeVector, databaseId, false);
    }
}
