package dev.muninn.node.documents.query;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A compiled field reference ({@code a.b.c}, {@code @metadata.@collection} or {@code id()}).
 * Arrays met anywhere on the path are fanned out, the way RavenDB indexes every array element,
 * so {@code Lines.Product} and {@code Lines[].Product} reach the products of all lines.
 * Absent values are reported as {@link MissingNode}, never as Java null.
 */
final class FieldPath {

    /** Callback form of a comparison so walking a document allocates no value lists. */
    interface ValueTest {
        boolean testValue(JsonNode value);
    }

    static final FieldPath DOCUMENT_ID = new FieldPath(null, "id()");

    /** Stands in for a null document so evaluation sees "every field missing"; never mutated. */
    static final ObjectNode EMPTY_DOCUMENT = JsonNodeFactory.instance.objectNode();

    private final String[] segments; // null for id()
    private final String name;

    private FieldPath(String[] segments, String name) {
        this.segments = segments;
        this.name = name;
    }

    /** Segments must already be free of the {@code []} array markers. */
    static FieldPath of(List<String> segments) {
        return new FieldPath(segments.toArray(String[]::new), String.join(".", segments));
    }

    boolean isDocumentId() {
        return segments == null;
    }

    /** Dotted display name, also used as the default projection name and in index names. */
    String name() {
        return name;
    }

    /** True when {@code test} accepts any value the path reaches; leaf arrays are flattened. */
    boolean anyValue(String documentId, JsonNode document, ValueTest test) {
        if (segments == null) {
            return test.testValue(idNode(documentId));
        }
        return walk(document, 0, test, true);
    }

    /** True when the path leads to a present member (explicit null included, as RavenDB does). */
    boolean exists(String documentId, JsonNode document) {
        if (segments == null) {
            return documentId != null;
        }
        return walk(document, 0, value -> !value.isMissingNode(), false);
    }

    private boolean walk(JsonNode node, int index, ValueTest test, boolean flattenLeaf) {
        if (index == segments.length) {
            return flattenLeaf ? leaf(node, test) : test.testValue(node);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (walk(node.get(i), index, test, flattenLeaf)) {
                    return true;
                }
            }
            return false;
        }
        JsonNode child = node.isObject() ? node.get(segments[index]) : null;
        if (child == null) {
            return test.testValue(MissingNode.getInstance());
        }
        return walk(child, index + 1, test, flattenLeaf);
    }

    private static boolean leaf(JsonNode value, ValueTest test) {
        if (!value.isArray()) {
            return test.testValue(value);
        }
        for (int i = 0; i < value.size(); i++) {
            if (leaf(value.get(i), test)) {
                return true;
            }
        }
        return false;
    }

    /** The single value to sort by: first element of any array on the way, MissingNode if absent. */
    JsonNode sortValue(String documentId, JsonNode document) {
        if (segments == null) {
            return idNode(documentId);
        }
        JsonNode node = document;
        for (String segment : segments) {
            node = firstElement(node);
            JsonNode child = node.isObject() ? node.get(segment) : null;
            if (child == null) {
                return MissingNode.getInstance();
            }
            node = child;
        }
        return firstElement(node);
    }

    private static JsonNode firstElement(JsonNode node) {
        while (node.isArray()) {
            if (node.isEmpty()) {
                return MissingNode.getInstance();
            }
            node = node.get(0);
        }
        return node;
    }

    /** The value for a projection: arrays on the way map to arrays, absent values become null. */
    JsonNode project(String documentId, JsonNode document) {
        if (segments == null) {
            return documentId == null ? NullNode.getInstance() : TextNode.valueOf(documentId);
        }
        return select(document, 0);
    }

    private JsonNode select(JsonNode node, int index) {
        if (index == segments.length) {
            // Copy containers so callers may mutate the projection without touching the document.
            return node.isContainerNode() ? node.deepCopy() : node;
        }
        if (node.isArray()) {
            ArrayNode mapped = JsonNodeFactory.instance.arrayNode(node.size());
            for (int i = 0; i < node.size(); i++) {
                mapped.add(select(node.get(i), index));
            }
            return mapped;
        }
        JsonNode child = node.isObject() ? node.get(segments[index]) : null;
        return child == null ? NullNode.getInstance() : select(child, index + 1);
    }

    private static JsonNode idNode(String documentId) {
        return documentId == null ? MissingNode.getInstance() : TextNode.valueOf(documentId);
    }

    @Override
    public String toString() {
        return name;
    }
}
