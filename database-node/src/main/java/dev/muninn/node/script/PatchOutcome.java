package dev.muninn.node.script;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The patched document, whether it differs from the input, and what the script printed with output(). */
public record PatchOutcome(ObjectNode document, boolean modified, List<String> debugOutput) {
}
