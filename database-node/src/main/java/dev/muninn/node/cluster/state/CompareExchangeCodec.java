package dev.muninn.node.cluster.state;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.CompareExchangeEntry;

/** Compare-exchange entries as stored JSON. */
final class CompareExchangeCodec {
    private CompareExchangeCodec() {
    }

    static ObjectNode toJson(CompareExchangeEntry entry) {
        ObjectNode json = ClusterStore.MAPPER.createObjectNode();
        json.put("Database", entry.database());
        json.put("Key", entry.key());
        json.put("Index", entry.index());
        json.set("Value", entry.value());
        return json;
    }

    static CompareExchangeEntry fromJson(JsonNode json) {
        return new CompareExchangeEntry(json.path("Database").asText(), json.path("Key").asText(),
                json.path("Index").asLong(), json.get("Value"));
    }

    static byte[] encode(CompareExchangeEntry entry) {
        try {
            return ClusterStore.MAPPER.writeValueAsBytes(toJson(entry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompareExchangeEntry decode(byte[] bytes) {
        try {
            return fromJson(ClusterStore.MAPPER.readTree(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
