package dev.muninn.node.documents.revisions;

import java.util.List;
import java.util.Optional;

import dev.muninn.node.documents.DocumentFlags;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.storage.StoredDocument;
import dev.muninn.node.storage.StoredTombstone;

/**
 * Keeps revisions of local writes, in the write's own transaction: every put of a document whose collection has
 * revisions stores a copy of the new version under a new etag, and a delete stores a delete revision (or, with
 * PurgeOnDelete, removes the document's revisions). Replication ships revisions like documents, so a receiver sees
 * every version a transaction wrote, not only the latest state (see ApplyReplicatedItems).
 */
public final class Revisions {
    private Revisions() {
    }

    /** The policy for a local write to {@code collection}, if its documents get revisions. */
    public static Optional<RevisionsConfiguration.CollectionPolicy> policyFor(WriteContext context, String collection) {
        return context.revisions().forCollection(collection);
    }

    /** After {@code document} (already stored, flagged HasRevisions) was written locally. */
    public static void afterPut(WriteContext context, StoredDocument document,
                                RevisionsConfiguration.CollectionPolicy policy) {
        replaceOwnRevision(context, document.id());
        context.storage().putRevision(context.transaction(), new StoredDocument(document.id(), document.collection(),
                context.nextEtag(), document.changeVector(), document.lastModifiedTicks(),
                document.flags() | DocumentFlags.HAS_REVISIONS | DocumentFlags.REVISION, document.body()));
        trim(context, document.id(), policy);
    }

    /** After a local delete that left {@code tombstone}. */
    public static void afterDelete(WriteContext context, StoredTombstone tombstone,
                                   RevisionsConfiguration.CollectionPolicy policy) {
        replaceOwnRevision(context, tombstone.id());
        if (policy.purgeOnDelete()) {
            for (StoredDocument revision : context.storage().revisionsOf(context.transaction(), tombstone.id())) {
                context.storage().deleteRevision(context.transaction(), revision);
            }
            return;
        }
        context.storage().putRevision(context.transaction(), new StoredDocument(tombstone.id(),
                tombstone.collection(), context.nextEtag(), tombstone.changeVector(), tombstone.deletedTicks(),
                DocumentFlags.HAS_REVISIONS | DocumentFlags.REVISION | DocumentFlags.DELETE_REVISION, new byte[0]));
        trim(context, tombstone.id(), policy);
    }

    /** After a revision arrived by replication: the same limits apply here as on the node that wrote it. */
    public static void trimReplicated(WriteContext context, String id, String collection) {
        policyFor(context, collection).ifPresent(policy -> trim(context, id, policy));
    }

    /**
     * One revision per document per client request, of its final state there: a batch that puts a document and
     * then an attachment on it leaves one revision, the state that batch committed.
     */
    private static void replaceOwnRevision(WriteContext context, String id) {
        List<StoredDocument> revisions = context.storage().revisionsOf(context.transaction(), id);
        if (!revisions.isEmpty() && context.isCurrentOperationsEtag(revisions.get(revisions.size() - 1).etag())) {
            context.storage().deleteRevision(context.transaction(), revisions.get(revisions.size() - 1));
        }
    }

    /** Removes the oldest revisions that both limits (count and age, where set) allow to go. */
    static void trim(WriteContext context, String id, RevisionsConfiguration.CollectionPolicy policy) {
        if (!policy.limitsAnything()) {
            return;
        }
        List<StoredDocument> revisions = context.storage().revisionsOf(context.transaction(), id);
        long ageLimitTicks = policy.minimumAge() == null ? Long.MIN_VALUE
                : context.nowTicks() - policy.minimumAge().toNanos() / 100;
        int removable = policy.minimumToKeep() == null ? revisions.size()
                : (int) Math.max(0, revisions.size() - policy.minimumToKeep());
        for (int i = 0; i < removable; i++) {
            StoredDocument oldest = revisions.get(i);
            if (policy.minimumAge() != null && oldest.lastModifiedTicks() > ageLimitTicks) {
                return; // younger than the minimum age: it and every newer one stay
            }
            context.storage().deleteRevision(context.transaction(), oldest);
        }
    }
}
