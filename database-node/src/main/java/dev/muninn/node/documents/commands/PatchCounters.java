package dev.muninn.node.documents.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.documents.counters.CounterOperation;
import dev.muninn.node.documents.counters.DocumentCounters;
import dev.muninn.node.script.ScriptException;

/**
 * The counter operations a patch script asked for ({@code incrementCounter(doc, name, value)},
 * {@code deleteCounter(doc, name)}), checked and grouped by document in the order the script made them.
 */
final class PatchCounters {
    /** A script is bounded in time and memory, not in what it asks for: each operation is a write to apply. */
    static final int MAX_OPERATIONS = 10_000;

    private PatchCounters() {
    }

    static List<DocumentCounters> operations(String patchedId, JsonNode requested) {
        if (requested == null || !requested.isArray() || requested.isEmpty()) {
            return List.of();
        }
        if (requested.size() > MAX_OPERATIONS) {
            throw new ScriptException(ScriptException.Kind.RUNTIME, "Patch of '" + patchedId + "' asked for "
                    + requested.size() + " counter operations; a patch may make at most " + MAX_OPERATIONS);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, List<CounterOperation>> byDocument = new LinkedHashMap<>();
        for (JsonNode operation : requested) {
            String id = operation.path("Id").asText();
            JsonNode name = operation.get("CounterName");
            if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                throw new ScriptException(ScriptException.Kind.RUNTIME, "Patch of '" + patchedId + "': a counter "
                        + "function needs a counter name (a non-empty string), got " + name);
            }
            CounterOperation.Type type = CounterOperation.Type.named(operation.path("Type").asText());
            JsonNode delta = operation.get("Delta");
            if (type == CounterOperation.Type.INCREMENT && (delta == null || !delta.isIntegralNumber()
                    || !delta.canConvertToLong())) {
                throw new ScriptException(ScriptException.Kind.RUNTIME, "Patch of '" + patchedId + "': "
                        + "incrementCounter of '" + name.asText() + "' needs a whole number that fits 64 bits, got "
                        + delta);
            }
            String key = id.toLowerCase(Locale.ROOT);
            ids.putIfAbsent(key, id);
            byDocument.computeIfAbsent(key, k -> new ArrayList<>()).add(new CounterOperation(type, name.asText(),
                    type == CounterOperation.Type.INCREMENT ? delta.asLong() : 0));
        }
        List<DocumentCounters> documents = new ArrayList<>();
        byDocument.forEach((key, operations) -> documents.add(new DocumentCounters(ids.get(key), operations)));
        return documents;
    }
}
