package dev.muninn.node.cluster.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.muninn.node.cluster.DatabaseRecord;

/**
 * A new instance of a database on {@code node}, as a promotable: it opens empty, the members replicate everything
 * to it, and the supervisor promotes it once it has caught up (the client's AddDatabaseNodeOperation). The
 * replication factor grows with it.
 */
public record AddDatabaseNode(String name, String node) implements ClusterCommand {
    public static final String WAITING = "WaitingForFirstPromotion";

    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        DatabaseRecord record = state.record(name).orElse(null);
        if (record == null) {
            return CommandResult.refused("NoSuchDatabase", "Database '" + name + "' does not exist", index);
        }
        if (!state.nodes().containsKey(node)) {
            return CommandResult.refused("NoSuchNode", "There is no node " + node, index);
        }
        if (record.hostedOn(node)) {
            return CommandResult.refused("AlreadyHosted", "Can't add node " + node + " to database '" + name
                    + "' topology because it is already part of it", index);
        }
        List<String> promotables = new ArrayList<>(record.promotables());
        promotables.add(node);
        Map<String, String> reasons = new HashMap<>(record.reasons());
        reasons.put(node, WAITING);
        // Asking for one more copy: the replication factor follows (never below the instances), or the supervisor
        // would count the new instance as one too many.
        DatabaseRecord grown = record.withTopology(record.members(), promotables, record.rehabs(), reasons, index);
        state.putRecord(grown.withReplicationFactor(Math.max(record.replicationFactor(), grown.instances().size())));
        return CommandResult.ok(index);
    }
}
