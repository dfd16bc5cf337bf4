package dev.muninn.node.script;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RavenDB patch semantics: the script runs with {@code this} = the document (with {@code @metadata}) and
 * {@code args} = the patch values; whatever {@code this} is afterwards is the new document. The server-owned
 * metadata keys are restored from the input, so a script cannot forge them.
 */
public final class PatchScript {
    private static final String[] SERVER_OWNED = {"@id", "@change-vector", "@last-modified", "@flags"};

    private final JsSandbox sandbox;
    private final ScriptLimits limits;

    public PatchScript(JsSandbox sandbox) {
        this(sandbox, sandbox.defaultLimits());
    }

    public PatchScript(JsSandbox sandbox, ScriptLimits limits) {
        this.sandbox = sandbox;
        this.limits = limits;
    }

    public PatchOutcome apply(String documentId, ObjectNode document, String script, JsonNode values) {
        return apply(documentId, document, script, values, JsSandbox.parse("{}"));
    }

    /**
     * @param counterValues the patched document's counters (lower-cased name → total), which {@code counter()}
     *                      reads
     */
    public PatchOutcome apply(String documentId, ObjectNode document, String script, JsonNode values,
                              JsonNode counterValues) {
        ObjectNode input = document.deepCopy();
        JsonNode args = values == null || values.isNull() ? JsSandbox.parse("{}") : values;
        ObjectNode counters = dev.muninn.node.documents.Json.object();
        counters.set(documentId.toLowerCase(java.util.Locale.ROOT), counterValues);
        // The script mutates `this`; returning it from the wrapper brings the mutated document back out, with the
        // counter operations it asked for.
        JsSandbox.Result result = sandbox.run(script + "\n;return {d: this, c: __counterOps};",
                Map.of("args", args, "__counterValues", counters), input, limits);
        JsonNode returned = result.json() == null ? null : JsSandbox.parse(result.json());
        JsonNode patched = returned == null ? null : returned.get("d");
        if (!(patched instanceof ObjectNode patchedDocument) || returned.size() != 2) {
            throw new ScriptException(ScriptException.Kind.RUNTIME, "Patch of '" + documentId
                    + "' did not leave a document object");
        }
        restoreServerMetadata(document, patchedDocument);
        return new PatchOutcome(patchedDocument, !patchedDocument.equals(document), result.output(),
                returned.get("c"));
    }

    private static void restoreServerMetadata(ObjectNode original, ObjectNode patched) {
        JsonNode originalMetadata = original.get("@metadata");
        if (!(originalMetadata instanceof ObjectNode from)) {
            return;
        }
        ObjectNode to = patched.get("@metadata") instanceof ObjectNode m ? m : patched.putObject("@metadata");
        for (String key : SERVER_OWNED) {
            if (from.has(key)) {
                to.set(key, from.get(key));
            } else {
                to.remove(key);
            }
        }
    }
}
