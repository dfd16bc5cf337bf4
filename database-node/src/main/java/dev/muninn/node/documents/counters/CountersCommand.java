package dev.muninn.node.documents.counters;

import java.util.List;

import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;

/**
 * A batch's {@code Counters} command (a session's {@code countersFor(id)} changes): the operations on one document,
 * answered with the details and the document's change vector after them (the session keeps it).
 */
public record CountersCommand(DocumentCounters operations) implements WriteOperation<CountersCommand.Result> {

    /** {@code countersChangeVector}: of the document's counters after the command (what write assurance waits for). */
    public record Result(String documentId, List<CounterDetail> details, String documentChangeVector,
                         String countersChangeVector) {
    }

    @Override
    public Result execute(WriteContext context) {
        List<CounterDetail> details = new CounterBatch(List.of(operations)).execute(context);
        String changeVector = context.get(operations.documentId()).map(StoredDocument::changeVector).orElse("");
        String countersChangeVector = context.storage().counters(context.transaction(), operations.documentId())
                .map(StoredDocument::changeVector).orElse(null);
        return new Result(operations.documentId(), details, changeVector, countersChangeVector);
    }
}
