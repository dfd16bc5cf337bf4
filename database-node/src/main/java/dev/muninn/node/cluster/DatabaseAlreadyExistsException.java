package dev.muninn.node.cluster;

public final class DatabaseAlreadyExistsException extends RuntimeException {
    public DatabaseAlreadyExistsException(String database) {
        super("Database '" + database + "' already exists!");
    }
}
