package dev.muninn.node.cluster.commands;

import java.util.ArrayList;
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
            if (record.members().contains(tag)) {
                List<String> members = new ArrayList<>(record.members());
                members.remove(tag);
                state.putRecord(new DatabaseRecord(record.name(), members, record.replicationFactor(),
                        record.disabled(), record.topologyId(), index, record.settings()));
            }
        }
        return CommandResult.ok(index);
    }
}
