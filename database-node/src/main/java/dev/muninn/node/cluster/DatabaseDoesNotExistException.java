package dev.muninn.node.cluster;

/** No record of this database exists in the cluster. */
public final class DatabaseDoesNotExistException extends RuntimeException {
    private final String database;

    public DatabaseDoesNotExistException(String database) {
        super("Database '" + database + "' does not exist");
        this.database = database;
    }

    public String database() {
        return database;
    }
}
