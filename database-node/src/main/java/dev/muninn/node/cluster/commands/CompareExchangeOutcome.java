package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.CompareExchangeEntry;

/** The outcome of a compare-exchange command in RavenDB's CompareExchangeResult shape: Index, Value, Successful. */
public final class CompareExchangeOutcome {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CompareExchangeOutcome() {
    }

    /** Index and value of {@code entry} (index 0 and no value when there is none). */
    static ObjectNode of(boolean successful, CompareExchangeEntry entry) {
        return of(successful, entry, entry == null ? 0 : entry.index());
    }

    static ObjectNode of(boolean successful, CompareExchangeEntry entry, long index) {
        ObjectNode outcome = MAPPER.createObjectNode();
        outcome.put("Index", index);
        if (entry == null) {
            outcome.putNull("Value");
        } else {
            outcome.set("Value", entry.value());
        }
        outcome.put("Successful", successful);
        return outcome;
    }
}
