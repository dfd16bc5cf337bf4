package dev.muninn.node.cluster;

/** A database asks for more replicas than the cluster has nodes. */
public final class NotEnoughNodesException extends RuntimeException {
    public NotEnoughNodesException(String database, int replicationFactor, int nodes) {
        super("Cannot create database '" + database + "' with replication factor " + replicationFactor
                + ": the cluster has only " + nodes + " node(s)");
    }
}
