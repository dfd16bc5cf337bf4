package dev.muninn.node.replication;

/**
 * A receiver's answer to one batch: what it did with the items, whether it stored the sender's new position (false
 * when it already had every item and wrote nothing; the sender's heartbeat takes that into account), and its database
 * change vector after it (what it has seen: the sender does not send it versions that vector already covers; "" from a
 * node that does not say).
 */
public record BatchReceipt(long lastEtag, int applied, int skipped, int merged, int conflicts,
                           boolean positionStored, String databaseChangeVector) {
}
