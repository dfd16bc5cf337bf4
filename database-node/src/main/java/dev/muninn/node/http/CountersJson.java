package dev.muninn.node.http;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.counters.CounterDetail;
import dev.muninn.node.documents.counters.CounterOperation;
import dev.muninn.node.documents.counters.DocumentCounters;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * Counters as the RavenDB clients write and read them: a document's operations
 * ({@code {"DocumentId", "Operations": [{"Type", "CounterName", "Delta"}]}}, the same in a CounterBatch, a batch's
 * {@code Counters} command and a bulk insert) and {@code CountersDetail}. The clients differ in what they leave out
 * (Node.js omits a delete's Delta, Python sends it as null), so absent and null read alike.
 */
final class CountersJson {
    private CountersJson() {
    }

    /** One document's operations; {@code what} names the part of the request in errors. */
    static DocumentCounters documentCounters(JsonNode json, String what) {
        if (json == null || !json.isObject()) {
            throw new InvalidRequestException(what + " must be an object with DocumentId and Operations");
        }
        String id = Bodies.text(json, "DocumentId");
        if (id == null || id.isEmpty()) {
            throw new InvalidRequestException(what + " needs a DocumentId");
        }
        JsonNode list = json.get("Operations");
        if (list == null || !list.isArray()) {
            throw new InvalidRequestException(what + " (" + id + ") needs an Operations array");
        }
        List<CounterOperation> operations = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            operations.add(operation(list.get(i), what + " (" + id + "), operation #" + i));
        }
        return new DocumentCounters(id, operations);
    }

    private static CounterOperation operation(JsonNode json, String what) {
        if (json == null || !json.isObject()) {
            throw new InvalidRequestException(what + " must be an object");
        }
        String typeName = Bodies.text(json, "Type");
        CounterOperation.Type type;
        try {
            type = CounterOperation.Type.named(typeName == null ? "" : typeName);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(what + ": " + e.getMessage());
        }
        String name = Bodies.text(json, "CounterName");
        if (type != CounterOperation.Type.GET_ALL && (name == null || name.isEmpty())) {
            throw new InvalidRequestException(what + " (" + type + ") needs a CounterName");
        }
        JsonNode delta = json.get("Delta");
        if (type == CounterOperation.Type.INCREMENT && (delta == null || !delta.canConvertToLong()
                || !delta.isIntegralNumber())) {
            throw new InvalidRequestException(what + " (Increment of '" + name + "') needs a Delta that is a 64-bit "
                    + "integer, got " + delta);
        }
        return new CounterOperation(type, name, type == CounterOperation.Type.INCREMENT ? delta.asLong() : 0);
    }

    /** A CounterBatch's documents. */
    static List<DocumentCounters> batch(ObjectNode request) {
        JsonNode documents = request.get("Documents");
        if (documents == null || !documents.isArray()) {
            throw new InvalidRequestException("A counter batch needs a Documents array");
        }
        List<DocumentCounters> batch = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            batch.add(documentCounters(documents.get(i), "Documents #" + i));
        }
        return batch;
    }

    /**
     * {@code CountersDetail}: every field the clients read is present (Python reads them by key), each database's
     * part in {@code CounterValues} only when asked for; a null detail stays null where {@code keepMissing}.
     */
    static ObjectNode detail(List<CounterDetail> details, boolean full, boolean keepMissing) {
        ObjectNode json = Json.object();
        ArrayNode counters = json.putArray("Counters");
        for (CounterDetail detail : details) {
            if (detail == null) {
                if (keepMissing) {
                    counters.addNull();
                }
                continue;
            }
            counters.add(detail(detail, full));
        }
        return json;
    }

    /**
     * One document's entry of {@code CounterIncludes} (a load's or a query's): the counters named, or all when none
     * are, that exist; the clients take one that is not there as not existing.
     */
    static ArrayNode includes(dev.muninn.node.documents.DatabaseInstance.DocumentReader reader, String documentId,
                              List<String> names) {
        return (ArrayNode) detail(dev.muninn.node.documents.counters.CounterReads.read(reader.storage(),
                reader.transaction(), documentId, names), false, false).get("Counters");
    }

    static ObjectNode detail(CounterDetail detail, boolean full) {
        ObjectNode json = Json.object();
        json.put("DocumentId", detail.documentId());
        json.put("CounterName", detail.name());
        json.put("TotalValue", detail.total());
        json.put("Etag", detail.etag());
        if (full) {
            ObjectNode values = json.putObject("CounterValues");
            detail.contributions().forEach(values::put);
        } else {
            json.putNull("CounterValues");
        }
        if (detail.changeVector() == null) {
            json.putNull("ChangeVector");
        } else {
            json.put("ChangeVector", detail.changeVector());
        }
        return json;
    }
}
