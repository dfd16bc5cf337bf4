package dev.muninn.node.http;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.commands.PatchDocument;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.documents.Json;

/**
 * The batch command {@code JsonPatch} (RFC 6902 operations on one document), which the Python client 7.2 sends for
 * {@code session.advanced.patch} by default: {@code {"Id":…,"Type":"JsonPatch","JsonPatch":{"Operations":[{"op":"add",
 * "path":"/age","value":20}]}}}. It runs as a script patch: one fixed script (compiled once, cached like any other)
 * applies the operations, given as arguments with their JSON pointers already split, so it shares the patch path's
 * transaction, limits and result. A failing {@code test} or a path that does not exist fails the batch.
 */
final class JsonPatches {
    private static final Set<String> OPERATIONS = Set.of("add", "remove", "replace", "move", "copy", "test");

    static final String SCRIPT = """
            (function (doc, ops) {
              function fail(message) { throw new Error('JsonPatch: ' + message); }
              function show(segments) { return '/' + segments.join('/'); }
              function isObject(value) { return value !== null && typeof value === 'object'; }
              function index(array, segment, forAdd, segments) {
                if (forAdd && segment === '-') { return array.length; }
                if (segment.length === 0 || segment.length > 9 || (segment.length > 1 && segment.charAt(0) === '0')) {
                  fail('not an array index: ' + show(segments));
                }
                for (var c = 0; c < segment.length; c++) {
                  if (segment.charAt(c) < '0' || segment.charAt(c) > '9') { fail('not an array index: ' + show(segments)); }
                }
                var i = Number(segment);
                if (i > array.length || (!forAdd && i === array.length)) { fail('index out of bounds: ' + show(segments)); }
                return i;
              }
              function parentOf(segments) {
                if (segments.length === 0) { fail('the whole document cannot be the target'); }
                var target = doc;
                for (var i = 0; i < segments.length - 1; i++) {
                  var segment = segments[i];
                  if (Array.isArray(target)) { segment = index(target, segment, false, segments); }
                  else if (!isObject(target) || !Object.prototype.hasOwnProperty.call(target, segment)) {
                    fail('path not found: ' + show(segments));
                  }
                  target = target[segment];
                }
                if (!isObject(target)) { fail('path not found: ' + show(segments)); }
                return target;
              }
              function get(segments) {
                if (segments.length === 0) { return doc; }
                var parent = parentOf(segments), last = segments[segments.length - 1];
                if (Array.isArray(parent)) { return parent[index(parent, last, false, segments)]; }
                if (!Object.prototype.hasOwnProperty.call(parent, last)) { fail('path not found: ' + show(segments)); }
                return parent[last];
              }
              function add(segments, value) {
                var parent = parentOf(segments), last = segments[segments.length - 1];
                if (Array.isArray(parent)) { parent.splice(index(parent, last, true, segments), 0, value); }
                else { parent[last] = value; }
              }
              function remove(segments) {
                var parent = parentOf(segments), last = segments[segments.length - 1];
                if (Array.isArray(parent)) { return parent.splice(index(parent, last, false, segments), 1)[0]; }
                if (!Object.prototype.hasOwnProperty.call(parent, last)) { fail('path not found: ' + show(segments)); }
                var value = parent[last];
                delete parent[last];
                return value;
              }
              function equal(a, b) {
                if (a === b) { return true; }
                if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) { return false; }
                var keys = Object.keys(a);
                if (keys.length !== Object.keys(b).length) { return false; }
                for (var k = 0; k < keys.length; k++) {
                  if (!Object.prototype.hasOwnProperty.call(b, keys[k]) || !equal(a[keys[k]], b[keys[k]])) { return false; }
                }
                return true;
              }
              for (var n = 0; n < ops.length; n++) {
                var op = ops[n];
                if (op.op === 'add') { add(op.path, op.value); }
                else if (op.op === 'remove') { remove(op.path); }
                else if (op.op === 'replace') { get(op.path); var p = parentOf(op.path), l = op.path[op.path.length - 1];
                  if (Array.isArray(p)) { p[index(p, l, false, op.path)] = op.value; } else { p[l] = op.value; } }
                else if (op.op === 'move') { add(op.path, remove(op.from)); }
                else if (op.op === 'copy') { add(op.path, JSON.parse(JSON.stringify(get(op.from)))); }
                else if (op.op === 'test') { if (!equal(get(op.path), op.value)) { fail('test failed at ' + show(op.path)); } }
              }
            })(this, args.ops);
            """;

    private JsonPatches() {
    }

    /** The command's {@code JsonPatch} as a script patch; a 400 naming {@code what} when it is malformed. */
    static PatchDocument.PatchRequest toPatch(JsonNode jsonPatch, String what) {
        JsonNode operations = jsonPatch == null ? null : jsonPatch.get("Operations");
        if (operations == null || !operations.isArray()) {
            throw new InvalidRequestException(what + " needs a JsonPatch with an Operations array");
        }
        ObjectNode values = Json.object();
        ArrayNode ops = values.putArray("ops");
        for (int i = 0; i < operations.size(); i++) {
            JsonNode operation = operations.get(i);
            String where = what + ", operation #" + i;
            if (!operation.isObject()) {
                throw new InvalidRequestException(where + " is not an object");
            }
            String op = operation.path("op").asText(null);
            if (op == null || !OPERATIONS.contains(op)) {
                throw new InvalidRequestException(where + ": op must be one of add, remove, replace, move, copy or "
                        + "test, got " + operation.get("op"));
            }
            ObjectNode out = ops.addObject();
            out.put("op", op);
            out.set("path", pointer(operation.get("path"), where + " path"));
            if (op.equals("move") || op.equals("copy")) {
                out.set("from", pointer(operation.get("from"), where + " from"));
            }
            if (op.equals("add") || op.equals("replace") || op.equals("test")) {
                if (!operation.has("value")) {
                    throw new InvalidRequestException(where + " (" + op + ") needs a value");
                }
                out.set("value", operation.get("value"));
            }
        }
        return new PatchDocument.PatchRequest(SCRIPT, values);
    }

    /** An RFC 6901 JSON pointer split into its unescaped segments: "/a~1b/0" is ["a/b", "0"]; "" the whole. */
    static ArrayNode pointer(JsonNode pointer, String what) {
        if (pointer == null || !pointer.isTextual()) {
            throw new InvalidRequestException(what + " must be a JSON pointer string");
        }
        String text = pointer.asText();
        ArrayNode segments = Json.MAPPER.createArrayNode();
        if (text.isEmpty()) {
            return segments;
        }
        if (text.charAt(0) != '/') {
            throw new InvalidRequestException(what + " must start with '/', got '" + text + "'");
        }
        for (String segment : text.substring(1).split("/", -1)) {
            if (segment.replace("~0", "").replace("~1", "").contains("~")) {
                throw new InvalidRequestException(what + " has a '~' not followed by 0 or 1: '" + text + "'");
            }
            segments.add(segment.replace("~1", "/").replace("~0", "~"));
        }
        return segments;
    }
}
