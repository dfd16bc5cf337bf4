package dev.muninn.node.cluster.commands;

import dev.muninn.node.cluster.CompareExchangeEntry;

/**
 * Deletes a compare-exchange key if {@code expectedIndex} is its current index. A key that does not exist is
 * deleted already (successful, as in RavenDB); the outcome carries the deleted or the current entry.
 */
public record DeleteCompareExchange(String database, String key, long expectedIndex) implements ClusterCommand {
    @Override
    public boolean changesView() {
        return false; // compare-exchange entries and no-ops are not part of the view
    }

    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        CompareExchangeEntry current = state.compareExchange(database, key).orElse(null);
        if (current == null) {
            return CommandResult.ok(index, CompareExchangeOutcome.of(true, null, index));
        }
        if (current.index() != expectedIndex) {
            return CommandResult.ok(index, CompareExchangeOutcome.of(false, current));
        }
        state.deleteCompareExchange(database, key);
        return CommandResult.ok(index, CompareExchangeOutcome.of(true, current, index));
    }
}
