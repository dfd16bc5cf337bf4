package dev.muninn.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Ticks;
import dev.muninn.node.documents.commands.PatchDocument;
import dev.muninn.node.documents.commands.PatchResult;
import dev.muninn.node.http.errors.InvalidRequestException;

/** Reading a patch request ({@code {"Script": ..., "Values": {...}}}) and writing the single-document PatchResult. */
final class PatchRequests {
    private PatchRequests() {
    }

    /** {@code patch} as a request; null when absent and not {@code required}. {@code what} names it in errors. */
    static PatchDocument.PatchRequest parse(JsonNode patch, String what, boolean required) {
        if (patch == null || patch.isNull()) {
            if (required) {
                throw new InvalidRequestException(what + " needs a Patch with a Script");
            }
            return null;
        }
        if (!patch.isObject()) {
            throw new InvalidRequestException(what + ": a patch is {\"Script\": ..., \"Values\": {...}}, got " + patch);
        }
        String script = Bodies.text(patch, "Script");
        if (script == null) {
            throw new InvalidRequestException(what + " has a Patch without a Script");
        }
        JsonNode values = patch.get("Values");
        if (values != null && !values.isNull() && !values.isObject()) {
            throw new InvalidRequestException(what + ": Values must be an object of the script's arguments");
        }
        return new PatchDocument.PatchRequest(script, values);
    }

    /** RavenDB's PatchResult for {@code PATCH /docs}: status, the document after, and the debug information asked for. */
    static ObjectNode render(PatchResult result, String collection) {
        ObjectNode json = Json.object();
        json.put("Status", result.status().name());
        json.set("ModifiedDocument", result.modifiedDocument());
        json.put("ChangeVector", result.changeVector());
        if (result.lastModifiedTicks() > 0) {
            json.put("LastModified", Ticks.format(result.lastModifiedTicks()));
        }
        json.put("Collection", collection);
        if (result.debug() != null) {
            json.set("OriginalDocument", result.debug().originalDocument());
            ObjectNode debug = json.putObject("Debug");
            result.debug().output().forEach(debug.putArray("Info")::add);
        } else {
            json.putNull("Debug");
        }
        return json;
    }
}
