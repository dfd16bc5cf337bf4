package dev.muninn.node.cluster.commands;

import java.util.ArrayList;
import java.util.List;

import dev.muninn.node.cluster.DatabaseRecord;

/**
 * Removes a database from some nodes ({@code fromNodes}) or, when that is empty, everywhere. {@code hardDelete}
 * travels to the nodes' landlords, which then delete the files.
 */
public record DeleteDatabase(String name, boolean hardDelete, List<String> fromNodes) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        DatabaseRecord record = state.record(name).orElse(null);
        if (record == null) {
            return CommandResult.ok(index); // deleting what is gone is done
        }
        if (fromNodes == null || fromNodes.isEmpty()) {
            state.removeRecord(name);
            state.deleteCompareExchanges(name);
            state.deleteClusterTransactions(name);
            return CommandResult.ok(index);
        }
        // Deleting from nodes is asking for fewer copies: the replication factor follows, or the supervisor would
        // place the database again elsewhere (a node leaving the cluster keeps it: that copy should come back).
        long removed = record.instances().stream().filter(fromNodes::contains).count();
        DatabaseRecord remaining = without(record, fromNodes, index)
                .withReplicationFactor((int) Math.max(1, record.replicationFactor() - removed));
        if (remaining.instances().isEmpty()) {
            state.removeRecord(name);
            state.deleteCompareExchanges(name);
            state.deleteClusterTransactions(name);
        } else if (remaining.members().isEmpty()) {
            return CommandResult.refused("LastMember", "Cannot remove every member of '" + name + "': "
                    + record.promotables() + record.rehabs() + " are not caught up; delete the database instead", index);
        } else {
            state.putRecord(remaining);
        }
        return CommandResult.ok(index);
    }

    /** The record without instances on {@code nodes} (members, promotables and rehabs alike). */
    static DatabaseRecord without(DatabaseRecord record, List<String> nodes, long index) {
        List<String> members = new ArrayList<>(record.members());
        List<String> promotables = new ArrayList<>(record.promotables());
        List<String> rehabs = new ArrayList<>(record.rehabs());
        java.util.Map<String, String> reasons = new java.util.HashMap<>(record.reasons());
        members.removeAll(nodes);
        promotables.removeAll(nodes);
        rehabs.removeAll(nodes);
        nodes.forEach(reasons::remove);
        return record.withTopology(members, promotables, rehabs, reasons, index);
    }
}
