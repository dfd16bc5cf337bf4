package dev.muninn.node.documents.commands;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;

/**
 * A bulk insert's PUT with {@code skipOverwriteIfUnchanged}: a document already stored with the same content (its
 * metadata set by the node aside) is left as it is, so loading the same data again writes nothing new (no new change
 * vector, nothing to replicate). Otherwise it is the put.
 */
public record PutUnlessUnchanged(PutDocument put) implements WriteOperation<Object> {

    @Override
    public Object execute(WriteContext context) {
        Optional<StoredDocument> existing = put.id() == null || put.id().isEmpty() ? Optional.empty()
                : context.get(put.id());
        if (existing.isPresent() && sameContent(Json.parseObject(existing.get().body()), put.document())) {
            return Boolean.FALSE;
        }
        return put.execute(context);
    }

    private static boolean sameContent(ObjectNode stored, ObjectNode sent) {
        return withoutServerMetadata(stored).equals(withoutServerMetadata(sent));
    }

    private static ObjectNode withoutServerMetadata(ObjectNode document) {
        ObjectNode copy = document.deepCopy();
        JsonNode metadata = copy.get(Metadata.KEY);
        if (metadata instanceof ObjectNode fields) {
            Metadata.SERVER_OWNED.forEach(fields::remove); // the node's own, not what the client sent
            if (fields.isEmpty()) {
                copy.remove(Metadata.KEY);
            }
        }
        return copy;
    }
}
