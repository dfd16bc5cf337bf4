package dev.muninn.node.cluster.commands;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.muninn.node.cluster.DatabaseRecord;

/**
 * The supervisor's decision for one database: its members, promotables and rehabs, and why each non-member is
 * one. Applied only to the record version it was decided on ({@code expectedEtag}): a decision taken on a stale
 * view (a node added, a database deleted from a node meanwhile) is refused and taken again on the next sample.
 */
public record UpdateTopology(String name, long expectedEtag, List<String> members, List<String> promotables,
                             List<String> rehabs, Map<String, String> reasons) implements ClusterCommand {
    public UpdateTopology {
        members = List.copyOf(members);
        promotables = List.copyOf(promotables);
        rehabs = List.copyOf(rehabs);
        reasons = Map.copyOf(reasons);
    }

    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        DatabaseRecord record = state.record(name).orElse(null);
        if (record == null) {
            return CommandResult.refused("NoSuchDatabase", "Database '" + name + "' does not exist", index);
        }
        if (record.etag() != expectedEtag) {
            return CommandResult.refused("StaleTopology", "The record of '" + name + "' is at " + record.etag()
                    + ", the decision was taken at " + expectedEtag, index);
        }
        if (members.isEmpty()) {
            return CommandResult.refused("LastMember", "A database keeps at least one member", index);
        }
        Set<String> seen = new HashSet<>();
        for (List<String> list : List.of(members, promotables, rehabs)) {
            for (String tag : list) {
                if (!state.nodes().containsKey(tag)) {
                    return CommandResult.refused("NoSuchNode", "There is no node " + tag, index);
                }
                if (!seen.add(tag)) {
                    return CommandResult.refused("DuplicateInstance", tag + " appears twice in the topology", index);
                }
            }
        }
        state.putRecord(record.withTopology(members, promotables, rehabs, reasons, index));
        return CommandResult.ok(index);
    }
}
