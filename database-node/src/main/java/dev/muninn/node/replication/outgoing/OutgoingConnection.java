package dev.muninn.node.replication.outgoing;

/**
 * One destination of a database's replication from this node: the last etag it acknowledged (-1 while not
 * connected), how long ago it last answered (a batch or a heartbeat; -1 if never) and the last error, if any.
 */
public record OutgoingConnection(String destinationTag, String destinationUrl, long acknowledgedEtag,
                                 boolean connected, long lastContactMillisAgo, String lastError,
                                 String transport) {
}
