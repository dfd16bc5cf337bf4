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
            return CommandResult.ok(index);
        }
        List<String> members = new ArrayList<>(record.members());
        members.removeAll(fromNodes);
        if (members.isEmpty()) {
            state.removeRecord(name);
        } else {
            state.putRecord(new DatabaseRecord(record.name(), members, record.replicationFactor(), record.disabled(),
                    record.topologyId(), index, record.settings()));
        }
        return CommandResult.ok(index);
    }
}
