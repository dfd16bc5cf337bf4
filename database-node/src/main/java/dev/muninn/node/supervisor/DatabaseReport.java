package dev.muninn.node.supervisor;

import java.util.Map;

/**
 * What a node says about its instance of one database: whether it is open, its last etag, and per other instance
 * the last etag of its own that that instance acknowledged (replication's progress towards it).
 */
public record DatabaseReport(boolean open, long lastEtag, Map<String, Long> acknowledged) {
    public DatabaseReport {
        acknowledged = Map.copyOf(acknowledged);
    }
}
