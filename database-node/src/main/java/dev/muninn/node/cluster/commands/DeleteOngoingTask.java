package dev.muninn.node.cluster.commands;

import dev.muninn.node.cluster.OngoingTaskType;

/**
 * Removes an ongoing task (the client's {@code DeleteOngoingTaskOperation}) and, for a backup, its recorded status;
 * the backup files it wrote stay where they are.
 */
public record DeleteOngoingTask(String database, OngoingTaskType taskType, long taskId) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        return OngoingTaskLists.modify(state, index, database, taskType, taskId, task -> null);
    }
}
