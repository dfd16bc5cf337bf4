package dev.muninn.node.supervisor;

import java.util.Map;

/**
 * What a node says about its instance of one database: whether it is open, its last etag, per other instance the
 * last etag of its own that that instance acknowledged (replication's progress towards it), and the error that keeps
 * it from serving (null when healthy).
 */
public record DatabaseReport(boolean open, long lastEtag, Map<String, Long> acknowledged, String error) {
    public DatabaseReport {
        acknowledged = Map.copyOf(acknowledged);
    }

    public DatabaseReport(boolean open, long lastEtag, Map<String, Long> acknowledged) {
        this(open, lastEtag, acknowledged, null);
    }

    public boolean healthy() {
        return open && error == null;
    }
}
