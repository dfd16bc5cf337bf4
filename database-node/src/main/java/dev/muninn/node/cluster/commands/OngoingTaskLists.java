package dev.muninn.node.cluster.commands;

import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.OngoingTaskType;

/**
 * Changes to the task lists of a record's settings, shared by the commands that add, replace, toggle and delete
 * ongoing tasks. A new task (TaskId 0) gets the command's Raft index as its id: unique, and the same on every node.
 */
final class OngoingTaskLists {
    private OngoingTaskLists() {
    }

    /** Adds or replaces a task; the outcome carries its {@code TaskId}. */
    static CommandResult put(StateWriter state, long index, String database, OngoingTaskType type,
                             ObjectNode configuration) {
        DatabaseRecord record = state.record(database).orElse(null);
        if (record == null) {
            return noDatabase(database, index);
        }
        long taskId = configuration.path("TaskId").asLong(0);
        ObjectNode task = configuration.deepCopy();
        ObjectNode settings = record.settings().deepCopy();
        ArrayNode tasks = settings.withArray(type.recordField());
        if (taskId == 0) {
            taskId = index;
            task.put("TaskId", taskId);
            tasks.add(task);
        } else {
            int at = find(tasks, taskId);
            if (at < 0) {
                return noTask(database, type, taskId, index);
            }
            tasks.set(at, task);
        }
        state.putRecord(record.withSettings(settings, index));
        return taskOutcome(index, taskId);
    }

    /** Replaces a task by what {@code change} makes of it, or removes it when {@code change} returns null. */
    static CommandResult modify(StateWriter state, long index, String database, OngoingTaskType type, long taskId,
                                UnaryOperator<ObjectNode> change) {
        DatabaseRecord record = state.record(database).orElse(null);
        if (record == null) {
            return noDatabase(database, index);
        }
        ObjectNode settings = record.settings().deepCopy();
        ArrayNode tasks = settings.withArray(type.recordField());
        int at = find(tasks, taskId);
        if (at < 0) {
            return noTask(database, type, taskId, index);
        }
        ObjectNode changed = change.apply(((ObjectNode) tasks.get(at)).deepCopy());
        if (changed == null) {
            tasks.remove(at);
            if (type == OngoingTaskType.BACKUP && settings.path("PeriodicBackupStatus").isObject()) {
                ((ObjectNode) settings.get("PeriodicBackupStatus")).remove(Long.toString(taskId));
            }
        } else {
            tasks.set(at, changed);
        }
        state.putRecord(record.withSettings(settings, index));
        return taskOutcome(index, taskId);
    }

    private static int find(ArrayNode tasks, long taskId) {
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            if (task.path("TaskId").asLong() == taskId) {
                return i;
            }
        }
        return -1;
    }

    private static CommandResult taskOutcome(long index, long taskId) {
        ObjectNode outcome = ClusterCommand.MAPPER.createObjectNode();
        outcome.put("TaskId", taskId);
        return CommandResult.ok(index, outcome);
    }

    private static CommandResult noDatabase(String database, long index) {
        return CommandResult.refused("NoSuchDatabase", "Database '" + database + "' does not exist", index);
    }

    private static CommandResult noTask(String database, OngoingTaskType type, long taskId, long index) {
        return CommandResult.refused("NoSuchTask", "Database '" + database + "' has no " + type.wireName()
                + " task " + taskId, index);
    }
}
