package dev.muninn.node.documents;

import java.util.List;

/** The database exists in the cluster but not on this node; the client should use one of its members. */
public final class DatabaseNotHostedException extends RuntimeException {
    public DatabaseNotHostedException(String database, String nodeTag, List<String> members) {
        super("Database '" + database + "' is not hosted on node " + (nodeTag == null ? "?" : nodeTag)
                + "; its members are " + members);
    }
}
