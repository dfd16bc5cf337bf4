package dev.muninn.node.cluster;

/**
 * Who this node is. {@code nodeTag} is the cluster-assigned tag (A, B, …); {@code topologyId} names the cluster
 * it belongs to. A node started alone bootstraps a cluster of one and takes tag A.
 */
public record NodeIdentity(String serverId, String nodeTag, String topologyId) {
}
