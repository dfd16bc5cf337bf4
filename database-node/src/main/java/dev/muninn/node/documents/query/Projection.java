package dev.muninn.node.documents.query;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Compiled {@code select a, b.c as d}: output names are fixed at parse time, values read per document. */
final class Projection {
    private final FieldPath[] paths;
    private final String[] names;

    Projection(List<FieldPath> paths, List<String> names) {
        this.paths = paths.toArray(FieldPath[]::new);
        this.names = names.toArray(String[]::new);
    }

    ObjectNode project(String documentId, ObjectNode document) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < paths.length; i++) {
            result.set(names[i], paths[i].project(documentId, document));
        }
        return result;
    }
}
