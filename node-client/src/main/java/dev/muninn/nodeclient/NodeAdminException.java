package dev.muninn.nodeclient;

/** The node refused the operation; {@link #status()} and the message are its answer. */
public final class NodeAdminException extends RuntimeException {
    private final int status;

    public NodeAdminException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
