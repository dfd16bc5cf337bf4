package dev.muninn.node.security;

/** What a ValidUser certificate may do with one database (RavenDB's names). */
public enum DatabaseAccess {
    /** Loads, queries and other reads. */
    Read,
    /** Reads and writes, not the database's admin routes. */
    ReadWrite,
    /** Everything on the database, its admin routes included. */
    Admin;

    public boolean allows(DatabaseAccess needed) {
        return ordinal() >= needed.ordinal();
    }
}
