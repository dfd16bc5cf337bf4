package dev.muninn.node.documents.commands;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.InvalidDocumentException;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;
import dev.muninn.node.storage.StoredTombstone;

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
        byte[] body = dev.muninn.node.documents.counters.Counters.carryOver(
                dev.muninn.node.documents.attachments.Attachments.carryOver(bodyBytes(document),
                        existing.orElse(null)), existing.orElse(null));

        if (body.length > maxSizeBytes) {
            throw new InvalidDocumentException("Document '" + finalId + "' is " + body.length
                    + " bytes; the limit (Limits.MaxDocumentSizeInMb) is " + maxSizeBytes + " bytes");
        }
        Optional<StoredTombstone> tombstone = existing.isPresent() ? Optional.empty() : context.getTombstone(finalId);
        ChangeVector previous = existing.map(d -> ChangeVector.parse(d.changeVector()))
                .or(() -> tombstone.map(t -> ChangeVector.parse(t.changeVector())))
                .orElse(ChangeVector.EMPTY);
        boolean namesCounters = existing.map(d -> (d.flags() & dev.muninn.node.documents.DocumentFlags.HAS_COUNTERS)
                != 0).orElse(false);
        if (existing.isEmpty()) {
            ChangeVector conflicted = Conflicts.resolveByHand(context, finalId); // a put resolves a conflict
            if (conflicted.entries().isEmpty()) {
                // counters an increment concurrent with the last delete left are not the new document's
                dev.muninn.node.documents.counters.Counters.deleteAll(context, finalId);
            } else {
                // the counters of a document in conflict stay: the resolution names them
                var names = dev.muninn.node.documents.counters.Counters.of(context.storage(), context.transaction(),
                        finalId).liveNames();
                if (!names.isEmpty()) {
                    body = dev.muninn.node.documents.counters.Counters.withNames(body, names);
                    namesCounters = true;
                }
            }
            previous = previous.merge(conflicted);
        }
        ChangeVector cv = context.localChangeVector(previous, etag);
        var revisionPolicy = dev.muninn.node.documents.revisions.Revisions.policyFor(context, storedCollection);
        int flags = existing.map(StoredDocument::flags).orElse(0)
                | (revisionPolicy.isPresent() ? dev.muninn.node.documents.DocumentFlags.HAS_REVISIONS : 0)
                | (namesCounters ? dev.muninn.node.documents.DocumentFlags.HAS_COUNTERS : 0);
        StoredDocument stored = new StoredDocument(finalId, storedCollection, etag, cv.toString(), context.nowTicks(),
                flags, body);
        context.put(stored, existing, tombstone);
        revisionPolicy.ifPresent(policy -> dev.muninn.node.documents.revisions.Revisions.afterPut(context, stored,
                policy));
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

    /**
     * The stored body: the document as sent, minus the metadata keys the server computes (user metadata such as
     * Raven-Java-Type is kept). Written in one pass, without copying the tree.
     */
    public static byte[] bodyBytes(ObjectNode document) {
        JsonNode metadata = document.get(Metadata.KEY);
        if (metadata != null && !metadata.isObject()) {
            throw new InvalidDocumentException("@metadata must be a JSON object");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            Iterator<Map.Entry<String, JsonNode>> fields = document.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                json.writeFieldName(field.getKey());
                if (field.getValue() == metadata) {
                    json.writeStartObject();
                    Iterator<Map.Entry<String, JsonNode>> keys = metadata.fields();
                    while (keys.hasNext()) {
                        Map.Entry<String, JsonNode> key = keys.next();
                        if (!Metadata.SERVER_OWNED.contains(key.getKey().toLowerCase(Locale.ROOT))) {
                            json.writeFieldName(key.getKey());
                            Json.MAPPER.writeTree(json, key.getValue());
                        }
                    }
                    json.writeEndObject();
                } else {
                    Json.MAPPER.writeTree(json, field.getValue());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
