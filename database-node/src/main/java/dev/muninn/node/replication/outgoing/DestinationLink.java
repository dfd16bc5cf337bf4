package dev.muninn.node.replication.outgoing;

import java.io.IOException;

import dev.muninn.node.replication.ReplicationPosition;

/**
 * How a sender reaches its destination: the replication stream (ADR 0031), or one HTTP request per batch for a
 * destination that has no stream (a node of an earlier version, during a rolling update). Receipts go to the consumer
 * the link was opened with; the sender keeps up to {@link #window()} batches waiting for theirs.
 */
interface DestinationLink extends AutoCloseable {
    /** Where the destination stands for this sender (the first call is the handshake; later ones are heartbeats). */
    ReplicationPosition position() throws IOException, InterruptedException;

    /** Sends a batch that ends at {@code lastEtag}; returns once it is on its way (or, per request, answered). */
    void send(byte[] batch, long lastEtag) throws IOException, InterruptedException;

    /** How many batches may wait for their receipt at once. */
    int window();

    /** Why the link broke, or null while it works. */
    String failure();

    @Override
    void close();
}
