package dev.muninn.node.documents.commands;

import java.util.ArrayList;
import java.util.List;

import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;

/** The commands of one bulk_docs request: all applied in one transaction, or none. */
public record Batch(List<WriteOperation<?>> commands) implements WriteOperation<List<Object>> {

    @Override
    public List<Object> execute(WriteContext context) {
        List<Object> results = new ArrayList<>(commands.size());
        for (WriteOperation<?> command : commands) {
            results.add(command.execute(context));
        }
        return results;
    }
}
