package dev.muninn.node.replication;

/**
 * A receiver's answer to one batch: what it did with the items, and whether it stored the sender's new position
 * (false when it already had every item and wrote nothing; the sender's heartbeat takes that into account).
 */
public record BatchReceipt(long lastEtag, int applied, int skipped, int merged, int conflicts,
                           boolean positionStored) {
}
