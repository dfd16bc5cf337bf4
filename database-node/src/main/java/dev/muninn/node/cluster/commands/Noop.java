package dev.muninn.node.cluster.commands;

/** Changes nothing; used to measure commit latency and to check that a majority answers. */
public record Noop(String payload) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        return CommandResult.ok(index);
    }
}
