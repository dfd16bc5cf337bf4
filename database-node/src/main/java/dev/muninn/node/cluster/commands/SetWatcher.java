package dev.muninn.node.cluster.commands;

import dev.muninn.node.cluster.NodeInfo;

/** Promotes a watcher to voter ({@code watcher=false}) or demotes a voter to watcher. */
public record SetWatcher(String tag, boolean watcher) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        NodeInfo node = state.nodes().get(tag);
        if (node == null) {
            return CommandResult.refused("NoSuchNode", "There is no node " + tag, index);
        }
        state.putNode(node.withWatcher(watcher));
        return CommandResult.ok(index);
    }
}
