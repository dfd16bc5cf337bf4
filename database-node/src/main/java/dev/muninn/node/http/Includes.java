package dev.muninn.node.http;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;

/**
 * Related documents named by include paths ({@code supplier}, {@code lines[].product}, {@code a.b}): the ids
 * found at those paths are loaded and returned once each under {@code Includes}, missing ones left out.
 */
final class Includes {
    private Includes() {
    }

    static void collectIds(JsonNode document, List<String> paths, Set<String> into) {
        for (String path : paths) {
            collect(document, path.split("\\."), 0, into);
        }
    }

    private static void collect(JsonNode node, String[] parts, int index, Set<String> into) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (index == parts.length) {
            if (node.isTextual()) {
                into.add(node.asText());
            } else if (node.isArray()) {
                node.forEach(element -> collect(element, parts, index, into));
            }
            return;
        }
        String part = parts[index];
        boolean array = part.endsWith("[]");
        JsonNode child = node.get(array ? part.substring(0, part.length() - 2) : part);
        if (child != null && child.isArray()) {
            child.forEach(element -> collect(element, parts, index + 1, into));
        } else {
            collect(child, parts, index + 1, into);
        }
    }

    static ObjectNode load(DatabaseInstance.DocumentReader reader, Collection<String> ids, Set<String> exclude) {
        ObjectNode includes = dev.muninn.node.documents.Json.object();
        for (String id : new LinkedHashSet<>(ids)) {
            if (exclude.contains(id.toLowerCase(java.util.Locale.ROOT)) || includes.has(id)) {
                continue;
            }
            reader.get(id).ifPresent(doc -> includes.set(doc.id(), doc.toJson()));
        }
        return includes;
    }
}
