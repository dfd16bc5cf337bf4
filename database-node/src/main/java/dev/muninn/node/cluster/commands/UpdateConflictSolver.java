package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.DatabaseRecord;

/** Replaces a database's conflict solver configuration (the client's ModifyConflictSolverOperation). */
public record UpdateConflictSolver(String name, ObjectNode solver) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        DatabaseRecord record = state.record(name).orElse(null);
        if (record == null) {
            return CommandResult.refused("NoSuchDatabase", "Database '" + name + "' does not exist", index);
        }
        ObjectNode settings = record.settings().deepCopy();
        settings.set("ConflictSolverConfig", solver);
        state.putRecord(new DatabaseRecord(record.name(), record.members(), record.replicationFactor(),
                record.disabled(), record.topologyId(), index, settings));
        return CommandResult.ok(index);
    }
}
