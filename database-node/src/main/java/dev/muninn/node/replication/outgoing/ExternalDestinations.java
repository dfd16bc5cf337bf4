package dev.muninn.node.replication.outgoing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.OngoingTaskType;
import dev.muninn.node.cluster.ResponsibleNode;

/**
 * The external replications a node runs for a database: the enabled tasks it is responsible for (one member per
 * task, moved when that member is demoted), each to the database and URLs of its connection string.
 */
final class ExternalDestinations {
    private ExternalDestinations() {
    }

    static Map<String, ReplicationSender.Destination> runHere(DatabaseRecord record, String me) {
        Map<String, ReplicationSender.Destination> destinations = new HashMap<>();
        JsonNode strings = record.settings().path("RavenConnectionStrings");
        for (JsonNode task : record.settings().path(OngoingTaskType.REPLICATION.recordField())) {
            if (task.path("Disabled").asBoolean(false)
                    || !ResponsibleNode.ofTask(record, task).map(me::equals).orElse(false)) {
                continue;
            }
            JsonNode connection = strings.path(task.path("ConnectionStringName").asText());
            List<String> urls = new ArrayList<>();
            connection.path("TopologyDiscoveryUrls").forEach(url -> urls.add(url.asText()));
            String database = connection.path("Database").asText("");
            if (urls.isEmpty() || database.isEmpty()) {
                continue;
            }
            String tag = "external/" + task.path("TaskId").asLong();
            destinations.put(tag, new ReplicationSender.Destination(tag, urls, database));
        }
        return destinations;
    }
}
