package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.DatabaseRecord;

/**
 * Records how a periodic backup task last ran (when, by which node, up to which etag, or its error) in the record
 * ({@code PeriodicBackupStatus/<taskId>}), so that whichever node is responsible next continues the schedule.
 */
public record PutPeriodicBackupStatus(String database, long taskId, ObjectNode status) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        DatabaseRecord record = state.record(database).orElse(null);
        if (record == null) {
            return CommandResult.refused("NoSuchDatabase", "Database '" + database + "' does not exist", index);
        }
        ObjectNode settings = record.settings().deepCopy();
        settings.with("PeriodicBackupStatus").set(Long.toString(taskId), status);
        state.putRecord(record.withSettings(settings, index));
        return CommandResult.ok(index);
    }
}
