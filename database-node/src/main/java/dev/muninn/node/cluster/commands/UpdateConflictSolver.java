package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * Replaces a database's conflict solver configuration (the client's ModifyConflictSolverOperation). Kept as its own
 * command type because Raft logs already hold it; it is {@link UpdateDatabaseSetting} of {@code ConflictSolverConfig}.
 */
public record UpdateConflictSolver(String name, ObjectNode solver) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        return new UpdateDatabaseSetting(name, "ConflictSolverConfig", solver).applyTo(state, index);
    }
}
