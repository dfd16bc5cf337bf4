package dev.muninn.node.cluster.commands;

import dev.muninn.node.cluster.NodeInfo;

/** Records a node the Raft configuration now contains. */
public record AddNode(NodeInfo node) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        NodeInfo existingTag = state.nodes().get(node.tag());
        if (existingTag != null && !existingTag.serverId().equals(node.serverId())) {
            return CommandResult.refused("TagInUse", "Tag " + node.tag() + " already belongs to "
                    + existingTag.url(), index);
        }
        for (NodeInfo other : state.nodes().values()) {
            if (other.serverId().equals(node.serverId()) && !other.tag().equals(node.tag())) {
                return CommandResult.refused("AlreadyMember", node.url() + " is already node " + other.tag(), index);
            }
        }
        state.putNode(node);
        return CommandResult.ok(index);
    }
}
