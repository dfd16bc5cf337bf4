package dev.muninn.node.cluster.commands;

import java.util.HashSet;
import java.util.List;

import dev.muninn.node.cluster.DatabaseRecord;

/**
 * Puts a database's members in a new preferred order (clients try them in this order). Refused unless
 * {@code members} is exactly the current set: a reorder decided on a stale view must not add or drop anyone.
 */
public record ReorderMembers(String name, List<String> members) implements ClusterCommand {
    public ReorderMembers {
        members = List.copyOf(members);
    }

    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        DatabaseRecord record = state.record(name).orElse(null);
        if (record == null) {
            return CommandResult.refused("NoSuchDatabase", "Database '" + name + "' does not exist", index);
        }
        if (members.size() != record.members().size()
                || !new HashSet<>(members).equals(new HashSet<>(record.members()))) {
            return CommandResult.refused("StaleTopology", "Members of '" + name + "' are " + record.members()
                    + ", not " + members, index);
        }
        if (members.equals(record.members())) {
            return CommandResult.ok(index);
        }
        state.putRecord(record.withTopology(members, record.promotables(), record.rehabs(), record.reasons(), index));
        return CommandResult.ok(index);
    }
}
