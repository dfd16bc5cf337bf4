package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.OngoingTaskType;

/**
 * Adds or replaces a periodic backup task in the record ({@code PeriodicBackups}, as RavenDB keeps them). A new
 * task (TaskId 0) gets this command's Raft index as its id, the same on every node.
 */
public record PutPeriodicBackup(String database, ObjectNode configuration) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        return OngoingTaskLists.put(state, index, database, OngoingTaskType.BACKUP, configuration);
    }
}
