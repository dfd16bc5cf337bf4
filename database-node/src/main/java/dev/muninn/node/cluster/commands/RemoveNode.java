package dev.muninn.node.cluster.commands;

import java.util.List;

import dev.muninn.node.cluster.DatabaseRecord;

/** Forgets a node and takes it out of every database topology. */
public record RemoveNode(String tag) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        if (!state.nodes().containsKey(tag)) {
            return CommandResult.refused("NoSuchNode", "There is no node " + tag, index);
        }
        state.removeNode(tag);
        for (DatabaseRecord record : state.records().values()) {
            if (record.hostedOn(tag)) {
                state.putRecord(DeleteDatabase.without(record, List.of(tag), index));
            }
        }
        return CommandResult.ok(index);
    }
}
