package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.DatabaseRecord;

/**
 * Adds or replaces a periodic backup task in the record ({@code PeriodicBackups}, as RavenDB keeps them). A new
 * task (TaskId 0) gets this command's Raft index as its id, the same on every node.
 */
public record PutPeriodicBackup(String database, ObjectNode configuration) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        DatabaseRecord record = state.record(database).orElse(null);
        if (record == null) {
            return CommandResult.refused("NoSuchDatabase", "Database '" + database + "' does not exist", index);
        }
        long taskId = configuration.path("TaskId").asLong(0);
        ObjectNode task = configuration.deepCopy();
        ObjectNode settings = record.settings().deepCopy();
        ArrayNode tasks = settings.withArray("PeriodicBackups");
        boolean replaced = false;
        if (taskId != 0) {
            for (int i = 0; i < tasks.size(); i++) {
                if (tasks.get(i).path("TaskId").asLong() == taskId) {
                    tasks.set(i, task);
                    replaced = true;
                }
            }
            if (!replaced) {
                return CommandResult.refused("NoSuchTask", "Database '" + database + "' has no backup task " + taskId,
                        index);
            }
        } else {
            taskId = index;
            task.put("TaskId", taskId);
            tasks.add(task);
        }
        state.putRecord(record.withSettings(settings, index));
        ObjectNode outcome = ClusterCommand.MAPPER.createObjectNode();
        outcome.put("TaskId", taskId);
        return CommandResult.ok(index, outcome);
    }
}
