package dev.muninn.node.cluster.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.DatabaseRecord;

/** Database records as stored JSON. */
final class RecordCodec {
    private RecordCodec() {
    }

    static ObjectNode toJson(DatabaseRecord record) {
        ObjectNode json = ClusterStore.MAPPER.createObjectNode();
        json.put("Name", record.name());
        ArrayNode members = json.putArray("Members");
        record.members().forEach(members::add);
        record.promotables().forEach(json.withArray("Promotables")::add);
        record.rehabs().forEach(json.withArray("Rehabs")::add);
        if (!record.reasons().isEmpty()) {
            ObjectNode reasons = json.putObject("Reasons");
            new java.util.TreeMap<>(record.reasons()).forEach(reasons::put);
        }
        json.put("ReplicationFactor", record.replicationFactor());
        json.put("Disabled", record.disabled());
        json.put("TopologyId", record.topologyId());
        json.put("Etag", record.etag());
        json.set("Settings", record.settings());
        return json;
    }

    static DatabaseRecord fromJson(JsonNode json) {
        List<String> members = new ArrayList<>();
        json.path("Members").forEach(m -> members.add(m.asText()));
        List<String> promotables = new ArrayList<>();
        json.path("Promotables").forEach(m -> promotables.add(m.asText()));
        List<String> rehabs = new ArrayList<>();
        json.path("Rehabs").forEach(m -> rehabs.add(m.asText()));
        java.util.Map<String, String> reasons = new java.util.HashMap<>();
        json.path("Reasons").fields().forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asText()));
        JsonNode settings = json.get("Settings");
        return new DatabaseRecord(json.path("Name").asText(), members, promotables, rehabs, reasons,
                json.path("ReplicationFactor").asInt(1), json.path("Disabled").asBoolean(false),
                json.path("TopologyId").asText(), json.path("Etag").asLong(),
                settings instanceof ObjectNode o ? o : ClusterStore.MAPPER.createObjectNode());
    }

    static byte[] encode(DatabaseRecord record) {
        try {
            return ClusterStore.MAPPER.writeValueAsBytes(toJson(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DatabaseRecord decode(byte[] bytes) {
        try {
            return fromJson(ClusterStore.MAPPER.readTree(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
