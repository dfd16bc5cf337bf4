package dev.muninn.nodeclient;

/** The cluster has no leader the node can reach now (no majority): the operation may succeed later. */
public final class NoLeaderException extends RuntimeException {
    public NoLeaderException(String message) {
        super(message);
    }
}
