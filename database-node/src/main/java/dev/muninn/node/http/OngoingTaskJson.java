package dev.muninn.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.OngoingTaskType;
import dev.muninn.node.cluster.ResponsibleNode;
import dev.muninn.node.documents.Json;

/**
 * An ongoing task as the client reads it ({@code OngoingTaskBackup}, {@code OngoingTaskReplication}): the common
 * part (id, name, state, responsible node and whether it runs here) and the fields of its kind.
 */
final class OngoingTaskJson {
    private OngoingTaskJson() {
    }

    static ObjectNode of(ClusterState cluster, DatabaseRecord record, OngoingTaskType type, JsonNode task) {
        long taskId = task.path("TaskId").asLong();
        String responsible = ResponsibleNode.ofTask(record, task).orElse(null);
        boolean disabled = task.path("Disabled").asBoolean(false);
        ObjectNode info = Json.object();
        info.put("TaskId", taskId);
        info.put("TaskType", type.wireName());
        info.put("TaskName", name(type, task));
        info.put("TaskState", disabled ? "Disabled" : "Enabled");
        String me = cluster.nodeTagOrUnknown();
        info.put("TaskConnectionStatus", me.equals(responsible) && !disabled ? "Active" : "NotOnThisNode");
        ObjectNode node = info.putObject("ResponsibleNode");
        node.put("NodeTag", responsible);
        node.put("NodeUrl", responsible == null ? null : cluster.urlOf(responsible));
        node.putNull("ResponsibleNode");
        info.put("MentorNode", task.path("MentorNode").asText(null));
        info.put("PinToMentorNode", task.path("PinToMentorNode").asBoolean(false));
        switch (type) {
            case BACKUP -> backup(record, task, info);
            case REPLICATION -> replication(record, task, info);
        }
        return info;
    }

    static String name(OngoingTaskType type, JsonNode task) {
        String name = task.path("Name").asText("");
        return name.isBlank() ? type.wireName() + " #" + task.path("TaskId").asLong() : name;
    }

    private static void backup(DatabaseRecord record, JsonNode task, ObjectNode info) {
        JsonNode status = record.settings().path("PeriodicBackupStatus").path(task.path("TaskId").asText());
        info.put("BackupType", task.path("BackupType").asText("Backup"));
        dev.muninn.node.tasks.BackupDestinations.names(task).forEach(info.putArray("BackupDestinations")::add);
        copyText(status, "LastFullBackup", info);
        copyText(status, "LastIncrementalBackup", info);
        info.put("LastExecutingNodeTag", status.path("NodeTag").asText(null));
        if (status.path("Error").isObject()) {
            info.put("Error", status.path("Error").path("Exception").asText());
        }
        nextBackup(task, java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)).ifPresent(next -> info.set("NextBackup",
                next));
    }

    /** When the schedule fires next (the earlier of its full and incremental frequencies), as the client reads it. */
    static java.util.Optional<ObjectNode> nextBackup(JsonNode task, java.time.ZonedDateTime now) {
        java.time.ZonedDateTime next = null;
        boolean full = false;
        for (String field : new String[]{"FullBackupFrequency", "IncrementalBackupFrequency"}) {
            String cron = task.path(field).asText("");
            if (cron.isBlank()) {
                continue;
            }
            try {
                java.time.ZonedDateTime at = dev.muninn.node.tasks.CronSchedule.parse(cron).next(now);
                if (next == null || at.isBefore(next)) {
                    next = at;
                    full = field.startsWith("Full");
                }
            } catch (IllegalArgumentException e) {
                // validated when the task was stored; an unreadable one simply has no next run
            }
        }
        if (next == null) {
            return java.util.Optional.empty();
        }
        ObjectNode result = dev.muninn.node.documents.Json.object();
        java.time.Duration in = java.time.Duration.between(now, next);
        result.put("TimeSpan", String.format("%02d:%02d:%02d", in.toHours(), in.toMinutesPart(), in.toSecondsPart()));
        result.put("DateTime", dev.muninn.node.documents.Ticks.format(dev.muninn.node.documents.Ticks.of(next
                .toInstant())));
        result.put("IsFull", full);
        // The Java client 6.0 binds this as "Full" (its setter is setFull); RavenDB's own name is IsFull.
        result.put("Full", full);
        return java.util.Optional.of(result);
    }

    private static void replication(DatabaseRecord record, JsonNode task, ObjectNode info) {
        String connectionStringName = task.path("ConnectionStringName").asText(null);
        JsonNode connection = record.settings().path("RavenConnectionStrings").path(String.valueOf(connectionStringName));
        info.put("ConnectionStringName", connectionStringName);
        info.put("DestinationDatabase", connection.path("Database").asText(null));
        JsonNode urls = connection.path("TopologyDiscoveryUrls");
        info.set("TopologyDiscoveryUrls", urls.isArray() ? urls : Json.MAPPER.createArrayNode());
        info.put("DestinationUrl", urls.isArray() && !urls.isEmpty() ? urls.get(0).asText() : null);
        info.put("DelayReplicationFor", task.path("DelayReplicationFor").asText("00:00:00"));
    }

    private static void copyText(JsonNode from, String field, ObjectNode to) {
        if (from.path(field).isTextual()) {
            to.put(field, from.path(field).asText());
        }
    }
}
