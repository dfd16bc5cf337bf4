package dev.muninn.node.security;

/**
 * What a route needs, after RavenDB's route authorization: from nothing (health, the server's version) through a
 * database's read, write and admin routes to the operator's and the cluster admin's. Every route names one.
 */
public enum RequiredAccess {
    /** Anyone, without a certificate: liveness and readiness, what the node is. */
    Unauthenticated,
    /** Any registered certificate: the cluster's topology, the databases it may see. */
    ValidUser,
    /** A database's reads (the database is the route's {@code {database}}). */
    DatabaseRead,
    /** A database's writes. */
    DatabaseReadWrite,
    /** A database's admin routes (settings, tasks, backups of that database). */
    DatabaseAdmin,
    /** Server-wide administration: databases, their topology, ongoing tasks of any database, metrics. */
    Operator,
    /** The cluster itself: nodes joining, leaving, changing role; certificates of any clearance. */
    ClusterAdmin,
    /** Node-to-node calls: replication batches, supervisor reports. */
    ClusterNode;

    public DatabaseAccess databaseAccess() {
        switch (this) {
            case DatabaseRead:
                return DatabaseAccess.Read;
            case DatabaseReadWrite:
                return DatabaseAccess.ReadWrite;
            case DatabaseAdmin:
                return DatabaseAccess.Admin;
            default:
                throw new IllegalStateException(this + " is not a database access");
        }
    }

    public boolean isDatabaseLevel() {
        return this == DatabaseRead || this == DatabaseReadWrite || this == DatabaseAdmin;
    }
}
