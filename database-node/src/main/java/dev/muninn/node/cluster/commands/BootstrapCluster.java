package dev.muninn.node.cluster.commands;

import dev.muninn.node.cluster.NodeInfo;

/** The first entry of a new cluster: names it and makes its founder node A. */
public record BootstrapCluster(String topologyId, NodeInfo founder) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        if (state.topologyId().isPresent()) {
            return CommandResult.refused("AlreadyBootstrapped", "The cluster already exists", index);
        }
        state.topologyId(topologyId);
        state.putNode(founder);
        return CommandResult.ok(index);
    }
}
