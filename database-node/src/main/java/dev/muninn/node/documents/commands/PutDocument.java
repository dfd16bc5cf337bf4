package dev.muninn.node.documents.commands;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.InvalidDocumentException;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;

/**
 * Stores a document. {@code expectedChangeVector}: null means no check, "" means the document must not exist,
 * anything else must equal the stored change vector.
 */
public record PutDocument(String id, ObjectNode document, String expectedChangeVector, long maxSizeBytes)
        implements WriteOperation<PutResult> {

    @Override
    public PutResult execute(WriteContext context) {
        if (id != null && !id.isEmpty()) {
            DocumentIds.validate(id);
        }
        long etag = context.nextEtag();
        String finalId = DocumentIds.resolve(id, etag, context);
        Optional<StoredDocument> existing = context.get(finalId);
        OptimisticConcurrency.check(finalId, expectedChangeVector, existing.map(StoredDocument::changeVector));

        String collection = collectionOf(document);
        existing.ifPresent(previous -> {
            if (!previous.collection().equalsIgnoreCase(collection)) {
                throw new dev.muninn.node.documents.CollectionMismatchException("Changing the collection of document '" + finalId + "' from '"
                        + previous.collection() + "' to '" + collection + "' is not supported; delete it first");
            }
        });
        String storedCollection = existing.map(StoredDocument::collection).orElse(collection);
        byte[] body = Json.bytes(withoutServerMetadata(document));
        if (body.length > maxSizeBytes) {
            throw new InvalidDocumentException("Document '" + finalId + "' is " + body.length
                    + " bytes; the limit (Limits.MaxDocumentSizeInMb) is " + maxSizeBytes + " bytes");
        }
        ChangeVector cv = context.localChangeVector(context.previousVersion(finalId), etag);
        int flags = existing.map(StoredDocument::flags).orElse(0);
        context.put(new StoredDocument(finalId, storedCollection, etag, cv.toString(), context.nowTicks(), flags, body));
        return new PutResult(finalId, storedCollection, cv.toString(), context.nowTicks());
    }

    public static String collectionOf(ObjectNode document) {
        JsonNode metadata = document.get(Metadata.KEY);
        if (metadata != null && metadata.get(Metadata.COLLECTION) != null
                && metadata.get(Metadata.COLLECTION).isTextual()
                && !metadata.get(Metadata.COLLECTION).asText().isBlank()) {
            return metadata.get(Metadata.COLLECTION).asText();
        }
        return Metadata.EMPTY_COLLECTION;
    }

    /** A copy without the keys the server computes; user metadata (e.g. Raven-Java-Type) is kept as sent. */
    static ObjectNode withoutServerMetadata(ObjectNode document) {
        JsonNode metadata = document.get(Metadata.KEY);
        if (metadata == null) {
            return document;
        }
        if (!metadata.isObject()) {
            throw new InvalidDocumentException("@metadata must be a JSON object");
        }
        ObjectNode copy = document.deepCopy();
        ObjectNode cleaned = (ObjectNode) copy.get(Metadata.KEY);
        Iterator<Map.Entry<String, JsonNode>> fields = cleaned.fields();
        while (fields.hasNext()) {
            if (Metadata.SERVER_OWNED.contains(fields.next().getKey().toLowerCase(Locale.ROOT))) {
                fields.remove();
            }
        }
        return copy;
    }
}
