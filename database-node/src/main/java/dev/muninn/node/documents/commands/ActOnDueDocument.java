package dev.muninn.node.documents.commands;

import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Document;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.MetadataDates;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;

/**
 * What the expiration and refresh tasks do to one document the due-date index named: an expired document is deleted
 * (an ordinary delete with its tombstone, so replicas delete it too); a document due for refresh is written again
 * without its {@code @refresh}, so everything that follows changes sees it. The date is read again here, inside the
 * transaction: a document written since the index was read may no longer be due, and is left alone.
 */
public record ActOnDueDocument(String id, Action action, long nowTicks, long maxSizeBytes)
        implements WriteOperation<Boolean> {
    /** Expire (delete) or refresh (rewrite). */
    public enum Action { EXPIRE, REFRESH }

    @Override
    public Boolean execute(WriteContext context) {
        Optional<StoredDocument> current = context.get(id);
        if (current.isEmpty()) {
            return false;
        }
        OptionalLong due = (action == Action.EXPIRE ? MetadataDates.EXPIRES : MetadataDates.REFRESH)
                .apply(current.get().body());
        if (due.isEmpty() || due.getAsLong() > nowTicks) {
            return false;
        }
        if (action == Action.EXPIRE) {
            return new DeleteDocument(current.get().id(), current.get().changeVector()).execute(context).deleted();
        }
        ObjectNode refreshed = Document.of(current.get()).toJson();
        refreshed.with(Metadata.KEY).remove("@refresh");
        new PutDocument(current.get().id(), refreshed, current.get().changeVector(), maxSizeBytes).execute(context);
        return true;
    }
}
