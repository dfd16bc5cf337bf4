package dev.muninn.node.cluster;

/** A cluster command was committed but refused by the state machine (e.g. a tag already in use). */
public final class ClusterCommandException extends RuntimeException {
    public ClusterCommandException(String message) {
        super(message);
    }
}
