package dev.muninn.node.documents.counters;

import java.util.List;

/** The counter operations on one document, in the order they are applied. */
public record DocumentCounters(String documentId, List<CounterOperation> operations) {
}
