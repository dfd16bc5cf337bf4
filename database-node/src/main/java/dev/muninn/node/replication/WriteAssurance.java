package dev.muninn.node.replication;

import java.time.Duration;

/**
 * Waits until a write has reached other members of its database group: the answer to the client's
 * {@code waitForReplicationAfterSaveChanges}. The write is committed whatever happens here (RavenDB's caveat).
 */
public interface WriteAssurance {
    /** What the wait achieved: how many other members confirmed, out of how many asked for. */
    record Outcome(int replicated, int required, boolean satisfied) {
    }

    /**
     * @param replicas how many other members must confirm; 0 stands for "one" (see ADR 0006), -1 for a majority
     *                 of the group counting this node
     */
    Outcome await(String database, long etag, int replicas, Duration timeout) throws InterruptedException;
}
