package dev.muninn.node.cluster.commands;

/** Changes nothing; used to measure commit latency and to check that a majority answers. */
public record Noop(String payload) implements ClusterCommand {
    @Override
    public boolean changesView() {
        return false; // compare-exchange entries and no-ops are not part of the view
    }

    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        return CommandResult.ok(index);
    }
}
