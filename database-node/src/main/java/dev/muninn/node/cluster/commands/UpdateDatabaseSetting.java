package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.DatabaseRecord;

/**
 * Sets one top-level setting of a database record (e.g. {@code Revisions}), as RavenDB's per-feature record
 * updates do; the record's etag moves, so clients and the hosting nodes see the change.
 */
public record UpdateDatabaseSetting(String name, String setting, JsonNode value) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        DatabaseRecord record = state.record(name).orElse(null);
        if (record == null) {
            return CommandResult.refused("NoSuchDatabase", "Database '" + name + "' does not exist", index);
        }
        ObjectNode settings = record.settings().deepCopy();
        settings.set(setting, value);
        state.putRecord(record.withSettings(settings, index));
        return CommandResult.ok(index);
    }
}
