package dev.muninn.node.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.commands.ClusterTransaction;
import dev.muninn.node.documents.ClusterTransactions;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Document;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.Ticks;
import dev.muninn.node.documents.commands.DocumentIds;
import dev.muninn.node.documents.commands.PutDocument;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * A {@code bulk_docs} batch with {@code TransactionMode: ClusterWide}: validated whole, committed as one
 * {@link ClusterTransaction} through Raft, then answered once this node's instance applied it (so the session reads
 * its writes here), with the transaction index the client requires.
 */
final class ClusterWideBatch {
    private final ClusterClient clusterClient;
    private final ClusterTransactions transactions;
    private final long maxDocumentSizeBytes;
    private final Duration applyTimeout;

    ClusterWideBatch(ClusterClient clusterClient, ClusterTransactions transactions, long maxDocumentSizeBytes,
                     Duration applyTimeout) {
        this.clusterClient = clusterClient;
        this.transactions = transactions;
        this.maxDocumentSizeBytes = maxDocumentSizeBytes;
        this.applyTimeout = applyTimeout;
    }

    ObjectNode execute(DatabaseInstance database, JsonNode commands, boolean hasAttachmentStreams,
                       String disableAtomicDocumentWrites, String requestId) throws InterruptedException {
        if (hasAttachmentStreams) {
            throw new InvalidRequestException("Attachments cannot be part of a cluster-wide transaction");
        }
        List<ObjectNode> documents = new ArrayList<>();
        List<ObjectNode> compareExchange = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            ObjectNode command = validated(database, commands.get(i), i);
            String type = command.path("Type").asText();
            (type.startsWith("CompareExchange") ? compareExchange : documents).add(command);
        }
        boolean atomicGuards = !"true".equalsIgnoreCase(disableAtomicDocumentWrites);
        long index = clusterClient.clusterTransaction(new ClusterTransaction(database.name(), documents,
                compareExchange, atomicGuards), requestId);
        if (!documents.isEmpty() && !transactions.awaitApplied(database, index, applyTimeout)) {
            throw new ReplicationTimeoutException("The cluster transaction was committed at index " + index
                    + " but this node did not apply it within " + applyTimeout + "; it will");
        }
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("Results");
        for (int i = 0; i < commands.size(); i++) {
            results.add(result(database, (ObjectNode) commands.get(i), index));
        }
        response.put("TransactionIndex", index);
        return response;
    }

    private ObjectNode validated(DatabaseInstance database, JsonNode command, int i) {
        if (!(command instanceof ObjectNode object)) {
            throw new InvalidRequestException("Command #" + i + " must be a JSON object");
        }
        String type = Bodies.text(object, "Type");
        String id = Bodies.text(object, "Id");
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException(type + " command #" + i + " needs an Id in a cluster-wide transaction");
        }
        if (Bodies.text(object, "ChangeVector") != null) {
            throw new InvalidRequestException("Optimistic concurrency for '" + id + "' is not supported in a "
                    + "cluster-wide transaction: its atomic guard already protects it");
        }
        switch (type == null ? "" : type) {
            case "PUT" -> {
                DocumentIds.validate(id);
                if (id.endsWith("/") || id.endsWith("|")) {
                    throw new InvalidRequestException("PUT command #" + i + ": a cluster-wide transaction needs a "
                            + "complete document id, not '" + id + "'");
                }
                if (!(object.get("Document") instanceof ObjectNode document)) {
                    throw new InvalidRequestException("PUT command #" + i + " (" + id + ") needs a Document object");
                }
                int size = PutDocument.bodyBytes(document).length;
                if (size > maxDocumentSizeBytes) {
                    throw new InvalidRequestException("Document '" + id + "' is " + size + " bytes; the limit "
                            + "(Limits.MaxDocumentSizeInMb) is " + maxDocumentSizeBytes + " bytes");
                }
                String collection = PutDocument.collectionOf(document);
                database.get(id).ifPresent(existing -> {
                    if (!existing.collection().equalsIgnoreCase(collection)) {
                        throw new InvalidRequestException("Changing the collection of document '" + id + "' from '"
                                + existing.collection() + "' to '" + collection + "' is not supported");
                    }
                });
            }
            case "DELETE" -> DocumentIds.validate(id);
            case "CompareExchangePUT", "CompareExchangeDELETE" -> {
                if (!object.path("Index").canConvertToLong() || object.path("Index").asLong() < 0) {
                    throw new InvalidRequestException(type + " command #" + i + " (" + id + ") needs an Index >= 0");
                }
                if ("CompareExchangePUT".equals(type) && !object.has("Document")) {
                    throw new InvalidRequestException(type + " command #" + i + " (" + id + ") needs a Document");
                }
            }
            default -> throw new InvalidRequestException("Command type '" + type + "' (command #" + i + ") is not "
                    + "supported in a cluster-wide transaction; supported: PUT, DELETE, CompareExchangePUT, "
                    + "CompareExchangeDELETE");
        }
        return object;
    }

    private static ObjectNode result(DatabaseInstance database, ObjectNode command, long index) {
        String type = command.path("Type").asText();
        String id = command.path("Id").asText();
        ObjectNode json = Json.object();
        json.put("Type", type);
        switch (type) {
            case "PUT" -> {
                Document stored = database.get(id).orElse(null);
                json.put(Metadata.ID, stored == null ? id : stored.id());
                json.put(Metadata.COLLECTION, stored == null ? PutDocument.collectionOf((ObjectNode)
                        command.get("Document")) : stored.collection());
                json.put(Metadata.CHANGE_VECTOR, stored == null ? null : stored.changeVector());
                if (stored != null) {
                    json.put(Metadata.LAST_MODIFIED, Ticks.format(stored.lastModifiedTicks()));
                }
            }
            case "DELETE" -> {
                json.put("Id", id);
                json.put(Metadata.ID, id);
                json.put("Deleted", true);
            }
            default -> {
                json.put("Key", id);
                json.put("Index", index);
            }
        }
        return json;
    }
}
