package dev.muninn.node.security;

/** RavenDB's clearances of a client certificate, widest first; serialized by their RavenDB names. */
public enum SecurityClearance {
    /** A node of this cluster (its certificate is signed by the cluster's CA for server use): everything. */
    ClusterNode,
    /** Everything, the cluster's membership and the certificates included. */
    ClusterAdmin,
    /** Everything but the cluster's membership and ClusterAdmin certificates. */
    Operator,
    /** The databases its permissions name, at the access each grants; a few server-wide read routes. */
    ValidUser,
    /** No certificate (never stored: what a request without one is). */
    UnauthenticatedClients;

    public boolean atLeast(SecurityClearance other) {
        return ordinal() <= other.ordinal();
    }
}
