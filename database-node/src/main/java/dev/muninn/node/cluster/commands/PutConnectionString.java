package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.DatabaseRecord;

/**
 * Adds, replaces or (with a null {@code connectionString}) removes a Raven connection string of a database
 * ({@code RavenConnectionStrings/<name>} in the record, as RavenDB keeps them): where an external replication sends.
 */
public record PutConnectionString(String database, String name, ObjectNode connectionString)
        implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        DatabaseRecord record = state.record(database).orElse(null);
        if (record == null) {
            return CommandResult.refused("NoSuchDatabase", "Database '" + database + "' does not exist", index);
        }
        ObjectNode settings = record.settings().deepCopy();
        ObjectNode strings = settings.with("RavenConnectionStrings");
        if (connectionString == null) {
            strings.remove(name);
        } else {
            strings.set(name, connectionString);
        }
        state.putRecord(record.withSettings(settings, index));
        return CommandResult.ok(index);
    }
}
