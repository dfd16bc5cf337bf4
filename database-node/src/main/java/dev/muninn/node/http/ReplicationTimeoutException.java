package dev.muninn.node.http;

/** Write assurance timed out; the write itself is committed. */
public final class ReplicationTimeoutException extends RuntimeException {
    public ReplicationTimeoutException(String message) {
        super(message);
    }
}
