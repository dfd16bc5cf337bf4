package dev.muninn.node.documents.counters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.DocumentDoesNotExistException;
import dev.muninn.node.documents.InvalidDocumentException;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;

/**
 * Counter operations on documents, in one transaction ({@code CounterBatchOperation}, a batch's {@code Counters}
 * command, a bulk insert's). Increments add to this database's own contribution; a delete hides every contribution
 * seen here; reads see the batch's own changes. The result lists a detail per increment and read, with
 * {@code null} for a counter read that does not exist, as RavenDB answers.
 */
public record CounterBatch(List<DocumentCounters> documents) implements WriteOperation<List<CounterDetail>> {

    @Override
    public List<CounterDetail> execute(WriteContext context) {
        List<CounterDetail> details = new ArrayList<>();
        for (DocumentCounters document : documents) {
            apply(context, document, details);
        }
        return details;
    }

    private static void apply(WriteContext context, DocumentCounters operations, List<CounterDetail> details) {
        String id = operations.documentId();
        Optional<StoredDocument> document = context.get(id);
        if (document.isEmpty()) {
            var conflicts = context.storage().conflictsOf(context.transaction(), id);
            if (!conflicts.isEmpty()) {
                throw new dev.muninn.node.documents.DocumentConflictException(conflicts.get(0).id(),
                        conflicts.stream().mapToLong(StoredDocument::etag).max().orElse(0));
            }
            throw new DocumentDoesNotExistException(id, "Cannot operate on counters of document '" + id
                    + "': it does not exist");
        }
        Optional<StoredDocument> record = context.storage().counters(context.transaction(), id);
        CounterGroup group = record.map(r -> CounterGroup.parse(r.body())).orElseGet(CounterGroup::empty);
        if (record.isPresent() && !context.isCurrentTransactionsEtag(record.get().etag())) {
            group.clearChanges(); // what an earlier transaction changed was told after it; this one tells its own
        }
        long etag = 0;
        boolean deletedSinceEtag = false;
        boolean changed = false;
        List<Integer> pending = new ArrayList<>(); // details whose etag and change vector come with the write
        for (CounterOperation operation : operations.operations()) {
            switch (operation.type()) {
                case INCREMENT -> {
                    if (etag == 0 || deletedSinceEtag) {
                        // an increment after a delete in the same batch needs an etag above what the delete saw
                        etag = context.nextEtag();
                        deletedSinceEtag = false;
                    }
                    long total;
                    try {
                        total = group.increment(operation.name(), operation.delta(), context.databaseId(), etag);
                    } catch (ArithmeticException e) {
                        throw new InvalidDocumentException("Overflow in counter '" + operation.name()
                                + "' of document '" + id + "': adding " + operation.delta() + " passes the range of a "
                                + "64-bit integer");
                    }
                    changed = true;
                    pending.add(details.size());
                    details.add(new CounterDetail(document.get().id(), group.nameOf(operation.name()).orElseThrow(),
                            total, group.contributions(operation.name()), 0, null));
                }
                case DELETE -> {
                    if (group.delete(operation.name())) {
                        changed = true;
                        deletedSinceEtag = true;
                    }
                }
                case GET -> details.add(read(group, document.get().id(), operation.name()));
                case GET_ALL -> group.liveNames().forEach(name -> details.add(read(group, document.get().id(), name)));
            }
        }
        if (!changed) {
            return;
        }
        if (etag == 0) {
            etag = context.nextEtag();
        }
        ChangeVector previous = record.map(r -> ChangeVector.parse(r.changeVector())).orElse(ChangeVector.EMPTY);
        String cv = context.nodeChangeVector(previous, etag).toString();
        context.storage().putCounters(context.transaction(), new StoredDocument(document.get().id(),
                document.get().collection(), etag, cv, context.nowTicks(), 0, group.toBytes()));
        for (int index : pending) {
            CounterDetail detail = details.get(index);
            details.set(index, new CounterDetail(detail.documentId(), detail.name(), detail.total(),
                    detail.contributions(), etag, cv));
        }
        Counters.syncNames(context, id);
    }

    private static CounterDetail read(CounterGroup group, String documentId, String name) {
        OptionalLong total = group.value(name);
        return total.isEmpty() ? null : new CounterDetail(documentId, group.nameOf(name).orElseThrow(),
                total.getAsLong(), group.contributions(name), 0, null);
    }
}
