package dev.muninn.node.cluster.commands;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.DatabaseRecord;

/** Adds a database record; placement ({@code members}) was decided before the command entered the log. */
public record CreateDatabase(String name, List<String> members, int replicationFactor, String databaseTopologyId,
                             ObjectNode settings) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        if (state.record(name).isPresent()) {
            return CommandResult.refused("DatabaseExists", "Database '" + name + "' already exists!", index);
        }
        for (String member : members) {
            if (!state.nodes().containsKey(member)) {
                return CommandResult.refused("NoSuchNode", "Cannot place database '" + name + "' on unknown node "
                        + member, index);
            }
        }
        state.putRecord(new DatabaseRecord(name, members, replicationFactor,
                settings.path("Disabled").asBoolean(false), databaseTopologyId, index, settings));
        return CommandResult.ok(index);
    }
}
