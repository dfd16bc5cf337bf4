package dev.muninn.node.replication;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.replication.incoming.ReplicatedItem;
import dev.muninn.node.storage.DocumentsStorage.Change;

/**
 * One batch of the etag stream as JSON — documents, revisions, tombstones and conflicted versions with their change
 * vectors, then the attachment contents they name — the unit both replication and backups write and read.
 */
public record ReplicationBatch(List<ReplicatedItem> items, Map<String, byte[]> attachments) {

    /**
     * The batch: its items, then the bytes of every attachment they list (once per hash), so that the receiver
     * holds the content before any version that names it.
     */
    public static byte[] encode(List<Change> changes,
                         java.util.function.Function<String, java.util.Optional<byte[]>> attachmentContent)
            throws IOException {
        java.util.Set<String> hashes = new java.util.LinkedHashSet<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeArrayFieldStart("Items");
            for (Change change : changes) {
                json.writeStartObject();
                if (change.document() != null || change.revision() != null) {
                    // A revision travels like a document; its flags (Revision, DeleteRevision) say what it is.
                    var doc = change.document() != null ? change.document() : change.revision();
                    if ((doc.flags() & dev.muninn.node.documents.DocumentFlags.HAS_ATTACHMENTS) != 0) {
                        dev.muninn.node.documents.attachments.Attachments.listedIn(doc.body())
                                .forEach(a -> hashes.add(a.hash()));
                    }
                    json.writeStringField("Id", doc.id());
                    json.writeStringField("Collection", doc.collection());
                    json.writeStringField("ChangeVector", doc.changeVector());
                    json.writeNumberField("LastModified", doc.lastModifiedTicks());
                    json.writeNumberField("Flags", doc.flags());
                    json.writeFieldName("Body");
                    if (doc.body().length == 0) {
                        json.writeNull();
                    } else {
                        json.writeRawValue(new String(doc.body(), StandardCharsets.UTF_8));
                    }
                } else {
                    var tombstone = change.tombstone();
                    json.writeStringField("Id", tombstone.id());
                    json.writeStringField("Collection", tombstone.collection());
                    json.writeStringField("ChangeVector", tombstone.changeVector());
                    json.writeNumberField("LastModified", tombstone.deletedTicks());
                    json.writeNullField("Body");
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("Attachments");
            for (String hash : hashes) {
                java.util.Optional<byte[]> content = attachmentContent.apply(hash);
                if (content.isPresent()) {
                    json.writeBinaryField(hash, content.get());
                }
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** Reads a batch; an attachment whose bytes do not match its hash is refused (IllegalArgumentException). */
    public static ReplicationBatch decode(JsonNode batch) {
        List<ReplicatedItem> items = new ArrayList<>();
        for (JsonNode item : batch.path("Items")) {
            JsonNode document = item.get("Body");
            items.add(new ReplicatedItem(item.path("Id").asText(), item.path("Collection").asText(),
                    item.path("ChangeVector").asText(), item.path("LastModified").asLong(),
                    item.path("Flags").asInt(), document == null || document.isNull() ? new byte[0] : Json.bytes(document)));
        }
        Map<String, byte[]> attachments = new HashMap<>();
        var contents = batch.path("Attachments").fields();
        while (contents.hasNext()) {
            var entry = contents.next();
            byte[] content;
            try {
                content = entry.getValue().binaryValue();
            } catch (IOException e) {
                throw new IllegalArgumentException("Attachment content " + entry.getKey() + " is not base64");
            }
            if (content == null
                    || !dev.muninn.node.documents.attachments.Attachments.hash(content).equals(entry.getKey())) {
                throw new IllegalArgumentException("Attachment content " + entry.getKey() + " does not match its hash");
            }
            attachments.put(entry.getKey(), content);
        }
        return new ReplicationBatch(items, attachments);
    }
}
