package dev.muninn.node.supervisor;

import java.time.Instant;
import java.util.Map;

/** One answer of a node to the supervisor, with the time it arrived. */
public record NodeReport(String tag, Instant receivedAt, Map<String, DatabaseReport> databases) {
    public NodeReport {
        databases = Map.copyOf(databases);
    }
}
