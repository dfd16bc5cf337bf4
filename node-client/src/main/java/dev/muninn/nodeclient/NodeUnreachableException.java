package dev.muninn.nodeclient;

/** The node did not answer (connection refused, timeout). */
public final class NodeUnreachableException extends RuntimeException {
    public NodeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
