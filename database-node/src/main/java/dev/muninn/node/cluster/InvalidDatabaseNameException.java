package dev.muninn.node.cluster;

public final class InvalidDatabaseNameException extends RuntimeException {
    public InvalidDatabaseNameException(String message) {
        super(message);
    }
}
