package dev.muninn.node.documents.commands;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;

/** Gives back the unused end of a range when a client closes, if nobody took a range after it. */
public record HiLoReturn(String tag, long end, long last) implements WriteOperation<Boolean> {

    @Override
    public Boolean execute(WriteContext context) {
        String id = HiLoNext.documentId(tag);
        Optional<StoredDocument> existing = context.get(id);
        if (existing.isEmpty() || Json.parseObject(existing.get().body()).path("Max").asLong(-1) != end) {
            return false;
        }
        ObjectNode body = Json.object();
        body.put("Max", last);
        body.putObject(Metadata.KEY).put(Metadata.COLLECTION, Metadata.HILO_COLLECTION);
        new PutDocument(id, body, null, Long.MAX_VALUE).execute(context);
        return true;
    }
}
