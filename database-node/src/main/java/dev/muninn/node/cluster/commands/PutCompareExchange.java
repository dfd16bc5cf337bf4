package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.cluster.CompareExchangeEntry;

/**
 * Compare-and-set of a compare-exchange key: written when {@code expectedIndex} is the entry's current index (0: the
 * key must not exist). The outcome (RavenDB's CompareExchangeResult) is the command's value: on success the new
 * entry at this command's index, otherwise the current entry, so the caller can retry with it.
 */
public record PutCompareExchange(String database, String key, long expectedIndex, JsonNode value)
        implements ClusterCommand {
    @Override
    public boolean changesView() {
        return false; // compare-exchange entries and no-ops are not part of the view
    }

    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        if (state.record(database).isEmpty()) {
            return CommandResult.refused("NoSuchDatabase", "Database '" + database + "' does not exist", index);
        }
        CompareExchangeEntry current = state.compareExchange(database, key).orElse(null);
        long currentIndex = current == null ? 0 : current.index();
        if (currentIndex != expectedIndex) {
            return CommandResult.ok(index, CompareExchangeOutcome.of(false, current));
        }
        CompareExchangeEntry written = new CompareExchangeEntry(database, current == null ? key : current.key(), index,
                value);
        state.putCompareExchange(written);
        return CommandResult.ok(index, CompareExchangeOutcome.of(true, written));
    }
}
