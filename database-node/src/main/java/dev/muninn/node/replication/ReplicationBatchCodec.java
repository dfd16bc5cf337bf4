package dev.muninn.node.replication;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DocumentFlags;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.attachments.Attachments;
import dev.muninn.node.replication.incoming.ReplicatedItem;
import dev.muninn.node.replication.incoming.ReplicationBatch;
import dev.muninn.node.storage.DocumentsStorage.Change;
import dev.muninn.node.storage.StoredDocument;

/**
 * The replication wire format, written and read here only: the batch of the etag stream a sender posts (documents,
 * revisions, tombstones and conflicted versions with their change vectors, then the attachment contents they name),
 * the receipt the receiver answers it with, and the position a receiver reports to a sender's handshake. Backups
 * store the same batches, so a change here is a change to the backup format as well.
 *
 * <p>Nodes of different versions replicate to each other during a rolling update, and old backups are restored by
 * new nodes: the field names, their order and the encoding of bodies and attachments must not change
 * (ReplicationBatchCodecTest pins them byte for byte).
 */
public final class ReplicationBatchCodec {
    private ReplicationBatchCodec() {
    }

    /**
     * The batch: its items, then the bytes of every attachment they list (once per hash), so that the receiver
     * holds the content before any version that names it. An attachment whose bytes are gone is left out.
     */
    public static byte[] encode(List<Change> changes, Function<String, Optional<byte[]>> attachmentContent)
            throws IOException {
        Set<String> hashes = new LinkedHashSet<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeArrayFieldStart("Items");
            for (Change change : changes) {
                if (change.counters() != null) {
                    continue; // in their own array, below
                }
                json.writeStartObject();
                if (change.document() != null || change.revision() != null) {
                    // A revision travels like a document; its flags (Revision, DeleteRevision) say what it is.
                    StoredDocument doc = change.document() != null ? change.document() : change.revision();
                    if ((doc.flags() & DocumentFlags.HAS_ATTACHMENTS) != 0) {
                        Attachments.listedIn(doc.body()).forEach(a -> hashes.add(a.hash()));
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
                        // The stored bytes as they are: no parse and re-serialisation on the way out.
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
            writeCounters(json, changes);
            json.writeObjectFieldStart("Attachments");
            for (String hash : hashes) {
                Optional<byte[]> content = attachmentContent.apply(hash);
                if (content.isPresent()) {
                    json.writeBinaryField(hash, content.get());
                }
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /**
     * Documents' counters ({@code Counters}, added with ADR 0040): an array of its own, so that a node from before it
     * passes them by instead of taking them for documents. Their state is stored JSON, written as it is.
     */
    private static void writeCounters(JsonGenerator json, List<Change> changes) throws IOException {
        boolean any = false;
        for (Change change : changes) {
            StoredDocument group = change.counters();
            if (group == null) {
                continue;
            }
            if (!any) {
                json.writeArrayFieldStart("Counters");
                any = true;
            }
            json.writeStartObject();
            json.writeStringField("Id", group.id());
            json.writeStringField("Collection", group.collection());
            json.writeStringField("ChangeVector", group.changeVector());
            json.writeNumberField("LastModified", group.lastModifiedTicks());
            json.writeFieldName("Body");
            json.writeRawValue(new String(group.body(), StandardCharsets.UTF_8));
            json.writeEndObject();
        }
        if (any) {
            json.writeEndArray();
        }
    }

    /**
     * Reads a batch; an attachment whose bytes do not match its hash is refused (IllegalArgumentException): the
     * content store is keyed by hash, so a wrong content would be served for every attachment with that hash.
     */
    public static ReplicationBatch decode(JsonNode batch) {
        List<ReplicatedItem> items = new ArrayList<>();
        // Counters first: a document of the same transaction may name them in its @counters.
        JsonNode counters = batch.path("Counters");
        if (!counters.isMissingNode() && !counters.isArray()) {
            throw new IllegalArgumentException("Counters of a replication batch must be an array");
        }
        for (int i = 0; i < counters.size(); i++) {
            items.add(counterItem(counters.get(i), i));
        }
        JsonNode list = batch.path("Items");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new IllegalArgumentException("Items of a replication batch must be an array");
        }
        for (int i = 0; i < list.size(); i++) {
            items.add(item(list.get(i), i));
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
            if (content == null || !Attachments.hash(content).equals(entry.getKey())) {
                throw new IllegalArgumentException("Attachment content " + entry.getKey() + " does not match its hash");
            }
            attachments.put(entry.getKey(), content);
        }
        return new ReplicationBatch(items, attachments);
    }

    /**
     * One item, checked as a client's write would be before anything is stored (issue 15): an id a document may
     * have, a change vector that parses with positive etags, a body that is a JSON object or absent (a delete).
     */
    private static ReplicatedItem item(JsonNode item, int index) {
        if (item == null || !item.isObject()) {
            throw new IllegalArgumentException("Replication item #" + index + " must be a JSON object");
        }
        String id = textField(item, "Id", index);
        try {
            dev.muninn.node.documents.commands.DocumentIds.validate(id);
        } catch (dev.muninn.node.documents.InvalidDocumentException e) {
            throw new IllegalArgumentException("Replication item #" + index + ": " + e.getMessage());
        }
        String changeVector = textField(item, "ChangeVector", index);
        dev.muninn.node.documents.ChangeVector parsed;
        try {
            parsed = dev.muninn.node.documents.ChangeVector.parse(changeVector);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Replication item #" + index + " ('" + id + "'): " + e.getMessage());
        }
        if (parsed.entries().isEmpty() || parsed.entries().stream().anyMatch(entry -> entry.etag() <= 0)) {
            throw new IllegalArgumentException("Replication item #" + index + " ('" + id + "') has change vector '"
                    + changeVector + "': it needs at least one entry, each with a positive etag");
        }
        JsonNode document = item.get("Body");
        if (document != null && !document.isNull() && !document.isObject()) {
            throw new IllegalArgumentException("Replication item #" + index + " ('" + id + "'): Body must be a JSON "
                    + "object, or null for a delete");
        }
        JsonNode collection = item.get("Collection");
        JsonNode lastModified = item.get("LastModified");
        JsonNode flags = item.get("Flags");
        if ((collection != null && !collection.isTextual() && !collection.isNull())
                || (lastModified != null && !lastModified.canConvertToLong())
                || (flags != null && !flags.canConvertToInt())) {
            throw new IllegalArgumentException("Replication item #" + index + " ('" + id + "'): Collection must be "
                    + "text, LastModified a number of ticks, Flags an integer");
        }
        byte[] body = document == null || document.isNull() ? new byte[0] : Json.bytes(document);
        return new ReplicatedItem(id, item.path("Collection").asText(), changeVector,
                item.path("LastModified").asLong(), item.path("Flags").asInt() & ~ReplicatedItem.COUNTERS, body);
    }

    /** A document's counters: checked as an item is, and its state must read as one. */
    private static ReplicatedItem counterItem(JsonNode json, int index) {
        if (json == null || !json.isObject() || !json.path("Body").isObject()) {
            throw new IllegalArgumentException("Counters #" + index + " of a replication batch must be an object with "
                    + "a Body object");
        }
        ReplicatedItem item = item(json, index);
        try {
            dev.muninn.node.documents.counters.CounterGroup.parse(json.get("Body"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Counters #" + index + " ('" + item.id() + "'): " + e.getMessage());
        }
        return new ReplicatedItem(item.id(), item.collection(), item.changeVector(), item.lastModifiedTicks(),
                ReplicatedItem.COUNTERS, item.body());
    }

    private static String textField(JsonNode item, String field, int index) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("Replication item #" + index + " needs a non-empty " + field);
        }
        return value.asText();
    }

    /** The receiver's answer to a batch. */
    public static ObjectNode encode(BatchReceipt receipt) {
        ObjectNode json = Json.object();
        json.put("LastEtag", receipt.lastEtag());
        json.put("Applied", receipt.applied());
        json.put("Skipped", receipt.skipped());
        json.put("Merged", receipt.merged());
        json.put("Conflicts", receipt.conflicts());
        json.put("PositionStored", receipt.positionStored());
        json.put("DatabaseChangeVector", receipt.databaseChangeVector());
        return json;
    }

    /**
     * A receipt; a missing PositionStored reads as stored, the only answer there was before the field, and a missing
     * DatabaseChangeVector as "" (unknown).
     */
    public static BatchReceipt decodeReceipt(JsonNode json) {
        return new BatchReceipt(json.path("LastEtag").asLong(), json.path("Applied").asInt(),
                json.path("Skipped").asInt(), json.path("Merged").asInt(), json.path("Conflicts").asInt(),
                json.path("PositionStored").asBoolean(true), json.path("DatabaseChangeVector").asText(""));
    }

    /** The receiver's answer to a handshake or heartbeat. */
    public static ObjectNode encode(ReplicationPosition position) {
        ObjectNode json = Json.object();
        json.put("LastEtag", position.lastEtag());
        json.put("DatabaseChangeVector", position.databaseChangeVector());
        json.put("DatabaseId", position.databaseId());
        if (position.takesCounters()) {
            json.put("Counters", true);
        }
        return json;
    }

    /**
     * A batch on the replication stream (ADR 0031): a binary message, the etag the batch ends at (8 bytes, big
     * endian), then the batch exactly as {@link #encode(List, Function)} writes it.
     */
    public static ByteBuffer streamBatch(long lastEtag, byte[] batch) {
        return ByteBuffer.allocate(Long.BYTES + batch.length).putLong(lastEtag).put(batch).flip();
    }

    /** The etag a stream batch ends at; IllegalArgumentException when the message is too short to be one. */
    public static long streamBatchEtag(byte[] message) {
        if (message.length < Long.BYTES + 2) {
            throw new IllegalArgumentException("A replication stream batch is the etag it ends at (8 bytes) and a "
                    + "JSON object; got " + message.length + " bytes");
        }
        return ByteBuffer.wrap(message).getLong();
    }

    /** The JSON object of a stream batch (after its etag). */
    public static JsonNode streamBatchBody(byte[] message) throws IOException {
        return Json.MAPPER.readTree(message, Long.BYTES, message.length - Long.BYTES);
    }

    /** The sender's heartbeat on the stream: the receiver answers with its position once the batches before it are applied. */
    public static final String STREAM_HEARTBEAT = "{\"Type\":\"Heartbeat\"}";
    /** The {@code Type} of a receiver's message on the stream that carries its position. */
    public static final String STREAM_POSITION = "Position";
    /** The {@code Type} of a receiver's message on the stream that acknowledges every batch up to its LastEtag. */
    public static final String STREAM_RECEIPT = "Receipt";

    /** A receiver's message on the stream: the position or the receipt's JSON with its {@code Type}. */
    public static String streamMessage(String type, ObjectNode json) {
        return Json.object().put("Type", type).setAll(json).toString();
    }

    /**
     * A position; a missing DatabaseId reads as "" (the sender then holds nothing back from the receiver), a missing
     * Counters as a receiver from before counters.
     */
    public static ReplicationPosition decodePosition(JsonNode json) {
        return new ReplicationPosition(json.path("LastEtag").asLong(), json.path("DatabaseChangeVector").asText(""),
                json.path("DatabaseId").asText(""), json.path("Counters").asBoolean(false));
    }
}
