package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.OngoingTaskType;

/**
 * Adds (TaskId 0) or replaces an external replication task ({@code ExternalReplications} in the record): this
 * database's changes sent to a database of another cluster, named by a connection string.
 */
public record PutExternalReplication(String database, ObjectNode configuration) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        return OngoingTaskLists.put(state, index, database, OngoingTaskType.REPLICATION, configuration);
    }
}
