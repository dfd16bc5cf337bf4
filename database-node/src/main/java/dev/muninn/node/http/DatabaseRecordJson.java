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
        topology.putArray("Promotables");
        topology.putArray("Rehabs");
        topology.put("ReplicationFactor", record.replicationFactor());
        topology.put("DynamicNodesDistribution", false);
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
