package dev.muninn.node.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.storage.StoredDocument;

/** A document read from storage, rendered the way clients expect it. */
public record Document(String id, String collection, long etag, String changeVector, long lastModifiedTicks,
                       int flags, byte[] body) {

    public static Document of(StoredDocument stored) {
        return new Document(stored.id(), stored.collection(), stored.etag(), stored.changeVector(),
                stored.lastModifiedTicks(), stored.flags(), stored.body());
    }

    /** The document with its {@code @metadata}: user keys as stored, server keys filled in. */
    public ObjectNode toJson() {
        ObjectNode json = body.length == 0 ? Json.object() : Json.parseObject(body); // empty: a delete revision
        JsonNode existing = json.get(Metadata.KEY);
        ObjectNode metadata = existing instanceof ObjectNode o ? o : json.putObject(Metadata.KEY);
        if (!Metadata.EMPTY_COLLECTION.equals(collection)) {
            metadata.put(Metadata.COLLECTION, collection);
        }
        metadata.put(Metadata.ID, id);
        metadata.put(Metadata.CHANGE_VECTOR, changeVector);
        metadata.put(Metadata.LAST_MODIFIED, Ticks.format(lastModifiedTicks));
        if (flags != 0) {
            metadata.put(Metadata.FLAGS, DocumentFlags.describe(flags));
        }
        return json;
    }
}
