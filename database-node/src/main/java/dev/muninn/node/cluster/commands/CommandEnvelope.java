package dev.muninn.node.cluster.commands;

/**
 * A log entry: the command plus the caller's request id (RavenDB clients send {@code raft-request-id} with every
 * cluster operation). A retried request with the same id is answered with the first result instead of being
 * applied twice, e.g. after the client failed over from a node that answered 503 but whose command committed.
 */
public record CommandEnvelope(String requestId, ClusterCommand command) {
}
