package dev.muninn.node.documents.counters;

import java.util.Map;

/**
 * A counter as the clients see it: its total and, when asked for, each database's part of it (by database id).
 * {@code changeVector} is that of the document's counters record.
 */
public record CounterDetail(String documentId, String name, long total, Map<String, Long> contributions,
                            long etag, String changeVector) {
}
