package dev.muninn.node.cluster;

/** No majority answered within the cluster operation timeout: the operation may or may not have been applied. */
public final class NoLeaderException extends RuntimeException {
    public NoLeaderException(String message) {
        super(message);
    }

    public NoLeaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
