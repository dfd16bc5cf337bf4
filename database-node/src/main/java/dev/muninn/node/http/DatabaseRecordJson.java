package dev.muninn.node.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.documents.Json;

/** Renders records in the client's DatabaseRecordWithEtag / DatabaseTopology shapes. */
final class DatabaseRecordJson {
    private DatabaseRecordJson() {
    }

    static ObjectNode topology(DatabaseRecord record) {
        ObjectNode topology = Json.object();
        ArrayNode members = topology.putArray("Members");
        record.members().forEach(members::add);
        ArrayNode promotables = topology.putArray("Promotables");
        record.promotables().forEach(promotables::add);
        ArrayNode rehabs = topology.putArray("Rehabs");
        record.rehabs().forEach(rehabs::add);
        // The client reads PromotablesStatus as an enum (DatabasePromotionStatus) and DemotionReasons as text.
        ObjectNode status = topology.putObject("PromotablesStatus");
        ObjectNode demotions = topology.putObject("DemotionReasons");
        record.promotables().forEach(tag -> status.put(tag, record.reasons().getOrDefault(tag, "WaitingForFirstPromotion")));
        record.rehabs().forEach(tag -> {
            status.put(tag, "NotResponding");
            demotions.put(tag, record.reasons().getOrDefault(tag, "Demoted by the supervisor"));
        });
        topology.put("ReplicationFactor", record.replicationFactor());
        topology.put("DynamicNodesDistribution", record.settings().path("Topology")
                .path("DynamicNodesDistribution").asBoolean(true));
        topology.putObject("Stamp").put("Index", record.etag()).put("Term", 1).put("LeadersTicks", 0);
        topology.put("DatabaseTopologyIdBase64", record.topologyId());
        ArrayNode priority = topology.putArray("PriorityOrder");
        record.members().forEach(priority::add);
        return topology;
    }

    static ObjectNode full(DatabaseRecord record) {
        ObjectNode json = record.settings().deepCopy();
        json.put("DatabaseName", record.name());
        json.put("Disabled", record.disabled());
        json.set("Topology", topology(record));
        json.put("Etag", record.etag());
        return json;
    }
}
