package dev.muninn.node.script;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The patched document, whether it differs from the input, what the script printed with output(), and the counter
 * operations it asked for ({@code incrementCounter}, {@code deleteCounter}: an array of
 * {@code {"Id","Type","CounterName","Delta"}}, unchecked), which the caller applies in the same transaction.
 */
public record PatchOutcome(ObjectNode document, boolean modified, List<String> debugOutput,
                           JsonNode counterOperations) {
}
