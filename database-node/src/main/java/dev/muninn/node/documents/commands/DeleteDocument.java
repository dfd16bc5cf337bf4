package dev.muninn.node.documents.commands;

import java.util.Optional;

import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;
import dev.muninn.node.storage.StoredTombstone;

/** Deletes a document, leaving a tombstone (replication and etag readers need to see deletes). */
public record DeleteDocument(String id, String expectedChangeVector) implements WriteOperation<DeleteResult> {

    @Override
    public DeleteResult execute(WriteContext context) {
        DocumentIds.validate(id);
        Optional<StoredDocument> existing = context.get(id);
        OptimisticConcurrency.check(id, expectedChangeVector, existing.map(StoredDocument::changeVector));
        if (existing.isEmpty()) {
            ChangeVector conflicted = Conflicts.resolveByHand(context, id);
            if (conflicted.isEmpty()) {
                return new DeleteResult(id, false, null);
            }
            // Deleting a document in conflict resolves the conflict as a delete.
            long etag = context.nextEtag();
            ChangeVector cv = context.localChangeVector(conflicted, etag);
            context.storage().delete(context.transaction(), new StoredTombstone(id, "@empty", etag, cv.toString(),
                    context.nowTicks()), null);
            return new DeleteResult(id, true, cv.toString());
        }
        long etag = context.nextEtag();
        ChangeVector cv = context.localChangeVector(ChangeVector.parse(existing.get().changeVector()), etag);
        StoredTombstone tombstone = new StoredTombstone(existing.get().id(), existing.get().collection(), etag,
                cv.toString(), context.nowTicks());
        context.delete(tombstone, existing.get());
        dev.muninn.node.documents.counters.Counters.deleteAll(context, existing.get().id());
        dev.muninn.node.documents.revisions.Revisions.policyFor(context, tombstone.collection()).ifPresent(policy ->
                dev.muninn.node.documents.revisions.Revisions.afterDelete(context, tombstone, policy));
        return new DeleteResult(id, true, cv.toString());
    }
}
