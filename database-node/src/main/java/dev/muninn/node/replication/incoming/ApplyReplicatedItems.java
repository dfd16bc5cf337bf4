package dev.muninn.node.replication.incoming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;
import dev.muninn.node.storage.StoredTombstone;

/**
 * The receiving side of replication: one incoming batch, applied in one transaction (a transaction is never split).
 * Each version is compared with what this node has, by change vector:
 * <ul>
 *   <li>newer: it replaces the local version (keeping the origin's change vector);</li>
 *   <li>older or equal: nothing to do;</li>
 *   <li>concurrent: identical contents (or two deletes) merge by themselves; otherwise both versions move to the
 *       conflicts store and the document leaves its collection until the conflict is resolved.</li>
 * </ul>
 * Every applied version gets a local etag, so this node's own replication sends it on.
 */
public record ApplyReplicatedItems(String sourceDatabaseId, long sourceLastEtag, List<ReplicatedItem> items,
                                   ConflictResolver resolver, java.util.Map<String, byte[]> attachmentContents)
        implements WriteOperation<ApplyReplicatedItems.Outcome> {
    private static final String RECEIVED = "replication-received/";

    public ApplyReplicatedItems(List<ReplicatedItem> items) {
        this(null, 0, items, ConflictResolver.NONE, java.util.Map.of());
    }

    public ApplyReplicatedItems(List<ReplicatedItem> items, ConflictResolver resolver) {
        this(null, 0, items, resolver, java.util.Map.of());
    }

    /** The last etag of {@code sourceDatabaseId} this database has applied (0 if none). */
    public static long lastReceived(dev.muninn.node.storage.DocumentsStorage storage,
                                    jetbrains.exodus.env.Transaction txn, String sourceDatabaseId) {
        return storage.metaLong(txn, RECEIVED + sourceDatabaseId);
    }

    /** What the batch did, item by item. */
    public record Outcome(int applied, int skipped, int merged, List<String> conflicted) {
    }

    @Override
    public Outcome execute(WriteContext context) {
        int applied = 0;
        int skipped = 0;
        int merged = 0;
        List<String> conflicted = new ArrayList<>();
        // Attachment bytes first: the versions below may name them.
        attachmentContents.forEach((hash, content) ->
                context.storage().putAttachmentContent(context.transaction(), hash, content));
        java.util.Set<String> withCounters = new java.util.LinkedHashSet<>();
        for (ReplicatedItem item : items) {
            Result result = item.isCounters() ? mergeCounters(context, item) : apply(context, item);
            if (result == Result.CONFLICT && resolveConflict(context, item.id(), resolver)) {
                result = Result.MERGED;
            }
            // Names to make right: where counters merged, and where two versions became one here. A newer version
            // of the document is taken as it is: its sender wrote its @counters, and the counters that go with it
            // come in this batch (a transaction is never split) or a later one, which makes them right then.
            if (item.isCounters() ? result != Result.SKIPPED : result == Result.MERGED) {
                withCounters.add(dev.muninn.node.storage.DocumentsStorage.key(item.id()));
            }
            switch (result) {
                case APPLIED -> applied++;
                case SKIPPED -> skipped++;
                case MERGED -> merged++;
                case CONFLICT -> conflicted.add(item.id());
            }
        }
        // A document's @counters names the counters that exist here.
        withCounters.forEach(id -> dev.muninn.node.documents.counters.Counters.syncNames(context, id));
        if (sourceDatabaseId != null) {
            // In the same transaction as the items: after a crash, the sender resumes exactly where this left off.
            long known = lastReceived(context.storage(), context.transaction(), sourceDatabaseId);
            context.storage().putMetaLong(context.transaction(), RECEIVED + sourceDatabaseId,
                    Math.max(known, sourceLastEtag));
        }
        return new Outcome(applied, skipped, merged, conflicted);
    }

    private enum Result { APPLIED, SKIPPED, MERGED, CONFLICT }

    /**
     * A revision is kept (once: revisions are known by change vector), and when it is newer than the document here
     * it also becomes the document. That is what keeps a transaction whole across replication: a batch ends at a
     * transaction boundary but carries only the latest state of each document, so a document that changed again
     * later is missing from it; its revision from this transaction is not.
     */
    private static Result applyRevision(WriteContext context, ReplicatedItem item) {
        ChangeVector incoming = ChangeVector.parse(item.changeVector());
        boolean stored = false;
        if (!context.storage().hasRevision(context.transaction(), item.changeVector())) {
            context.storage().putRevision(context.transaction(), new StoredDocument(item.id(), item.collection(),
                    context.nextEtag(), item.changeVector(), item.lastModifiedTicks(), item.flags(), item.body()));
            context.observe(incoming);
            dev.muninn.node.documents.revisions.Revisions.trimReplicated(context, item.id(), item.collection());
            stored = true;
        }
        if (!context.storage().conflictsOf(context.transaction(), item.id()).isEmpty()) {
            return stored ? Result.APPLIED : Result.SKIPPED;
        }
        Optional<StoredDocument> document = context.get(item.id());
        Optional<StoredTombstone> tombstone = document.isPresent() ? Optional.empty() : context.getTombstone(item.id());
        ChangeVector local = document.map(d -> ChangeVector.parse(d.changeVector()))
                .or(() -> tombstone.map(t -> ChangeVector.parse(t.changeVector()))).orElse(ChangeVector.EMPTY);
        if (incoming.compareTo(local) == ChangeVector.Order.NEWER) {
            int documentFlags = item.flags() & ~(dev.muninn.node.documents.DocumentFlags.REVISION
                    | dev.muninn.node.documents.DocumentFlags.DELETE_REVISION);
            store(context, new ReplicatedItem(item.id(), item.collection(), item.changeVector(),
                    item.lastModifiedTicks(), documentFlags, item.body()), incoming, document, tombstone);
            return Result.APPLIED;
        }
        return stored ? Result.APPLIED : Result.SKIPPED;
    }

    /**
     * A document's counters from another member merge with this member's (ADR 0040): no conflict is possible, and
     * the merged state gets a local etag so it travels on.
     */
    private static Result mergeCounters(WriteContext context, ReplicatedItem item) {
        ChangeVector incoming = ChangeVector.parse(item.changeVector());
        Optional<StoredDocument> local = context.storage().counters(context.transaction(), item.id());
        ChangeVector localVector = local.map(l -> ChangeVector.parse(l.changeVector())).orElse(ChangeVector.EMPTY);
        ChangeVector.Order order = incoming.compareTo(localVector);
        if (order == ChangeVector.Order.OLDER || order == ChangeVector.Order.EQUAL) {
            return Result.SKIPPED;
        }
        var group = local.map(l -> dev.muninn.node.documents.counters.CounterGroup.parse(l.body()))
                .orElseGet(dev.muninn.node.documents.counters.CounterGroup::empty);
        if (local.isPresent() && !context.isCurrentTransactionsEtag(local.get().etag())) {
            group.clearChanges(); // records what changes here, in this transaction
        }
        if (!group.merge(dev.muninn.node.documents.counters.CounterGroup.parse(item.body()))) {
            // nothing new: this member's state holds it all already and travels on as it is
            context.observe(incoming);
            return Result.SKIPPED;
        }
        ChangeVector cv = incoming.merge(localVector);
        context.observe(cv);
        String id = local.map(StoredDocument::id).orElse(item.id());
        String collection = local.map(StoredDocument::collection).orElse(item.collection());
        context.storage().putCounters(context.transaction(), new StoredDocument(id, collection, context.nextEtag(),
                cv.toString(), item.lastModifiedTicks(), 0, group.toBytes()));
        return order == ChangeVector.Order.NEWER ? Result.APPLIED : Result.MERGED;
    }

    private static Result apply(WriteContext context, ReplicatedItem item) {
        if (item.isRevision()) {
            return applyRevision(context, item);
        }
        ChangeVector incoming = ChangeVector.parse(item.changeVector());
        List<StoredDocument> conflicts = context.storage().conflictsOf(context.transaction(), item.id());
        if (!conflicts.isEmpty()) {
            return addToConflict(context, item, incoming, conflicts);
        }
        Optional<StoredDocument> document = context.get(item.id());
        Optional<StoredTombstone> tombstone = document.isPresent() ? Optional.empty() : context.getTombstone(item.id());
        ChangeVector local = document.map(d -> ChangeVector.parse(d.changeVector()))
                .or(() -> tombstone.map(t -> ChangeVector.parse(t.changeVector()))).orElse(ChangeVector.EMPTY);
        switch (incoming.compareTo(local)) {
            case OLDER, EQUAL:
                return Result.SKIPPED;
            case NEWER:
                store(context, item, incoming, document, tombstone);
                return Result.APPLIED;
            default:
                break;
        }
        boolean sameContent = document.isPresent()
                ? !item.isTombstone() && sameJson(document.get().body(), item.body())
                : item.isTombstone();
        if (sameContent) {
            store(context, item, incoming.merge(local), document, tombstone);
            return Result.MERGED;
        }
        StoredDocument localVersion = document.orElseGet(() -> tombstoneVersion(tombstone.orElseThrow()));
        document.ifPresent(d -> context.storage().removeForConflict(context.transaction(), d));
        // Each version gets a new local etag: they replicate, so the other members learn of the conflict too.
        context.storage().putConflict(context.transaction(), new StoredDocument(localVersion.id(),
                localVersion.collection(), context.nextEtag(), localVersion.changeVector(),
                localVersion.lastModifiedTicks(), localVersion.flags(), localVersion.body()));
        context.storage().putConflict(context.transaction(), version(item, item.changeVector(), context.nextEtag()));
        context.observe(incoming);
        return Result.CONFLICT;
    }

    private static Result addToConflict(WriteContext context, ReplicatedItem item, ChangeVector incoming,
                                        List<StoredDocument> conflicts) {
        boolean dominatesAll = conflicts.stream().allMatch(version ->
                incoming.compareTo(ChangeVector.parse(version.changeVector())) == ChangeVector.Order.NEWER);
        if (dominatesAll) {
            // A resolution made elsewhere (by a resolver or by hand) supersedes every conflicting version.
            context.storage().clearConflicts(context.transaction(), item.id());
            store(context, item, incoming, Optional.empty(), context.getTombstone(item.id()));
            return Result.APPLIED;
        }
        for (StoredDocument version : conflicts) {
            ChangeVector.Order order = incoming.compareTo(ChangeVector.parse(version.changeVector()));
            if (order == ChangeVector.Order.OLDER || order == ChangeVector.Order.EQUAL) {
                return Result.SKIPPED; // already part of the conflict, or superseded by one of its versions
            }
        }
        for (StoredDocument version : conflicts) {
            if (incoming.compareTo(ChangeVector.parse(version.changeVector())) == ChangeVector.Order.NEWER) {
                context.storage().deleteConflict(context.transaction(), version); // superseded by the incoming one
            }
        }
        context.storage().putConflict(context.transaction(), version(item, item.changeVector(), context.nextEtag()));
        context.observe(incoming);
        return Result.CONFLICT;
    }

    /** Applies the configured resolver to a conflict; true when it was resolved here. */
    static boolean resolveConflict(WriteContext context, String id, ConflictResolver resolver) {
        List<StoredDocument> versions = context.storage().conflictsOf(context.transaction(), id);
        Optional<ConflictResolver.Resolution> resolution = resolver.resolve(versions);
        if (resolution.isEmpty()) {
            return false;
        }
        ChangeVector merged = ChangeVector.EMPTY;
        for (StoredDocument version : versions) {
            merged = merged.merge(ChangeVector.parse(version.changeVector()));
        }
        long etag = context.nextEtag();
        // A local entry makes the resolution newer than every version, so it replaces them on the other members.
        ChangeVector cv = context.localChangeVector(merged, etag);
        context.storage().clearConflicts(context.transaction(), id);
        Optional<StoredTombstone> tombstone = context.getTombstone(id);
        String docId = versions.get(0).id();
        if (resolution.get().body().length == 0) {
            context.storage().delete(context.transaction(), new StoredTombstone(docId,
                    resolution.get().collection(), etag, cv.toString(), context.nowTicks()), null);
        } else {
            context.put(new StoredDocument(docId, resolution.get().collection(), etag, cv.toString(),
                    context.nowTicks(), dev.muninn.node.documents.DocumentFlags.RESOLVED, resolution.get().body()),
                    Optional.empty(), tombstone);
        }
        return true;
    }

    private static void store(WriteContext context, ReplicatedItem item, ChangeVector cv,
                              Optional<StoredDocument> document, Optional<StoredTombstone> tombstone) {
        long etag = context.nextEtag();
        context.observe(cv);
        if (item.isTombstone()) {
            if (document.isPresent()) {
                context.delete(new StoredTombstone(item.id(), item.collection(), etag, cv.toString(),
                        item.lastModifiedTicks()), document.get());
            } else {
                context.storage().delete(context.transaction(),
                        new StoredTombstone(item.id(), item.collection(), etag, cv.toString(), item.lastModifiedTicks()),
                        null);
            }
            return;
        }
        context.put(version(item, cv.toString(), etag), document, tombstone);
    }

    private static StoredDocument version(ReplicatedItem item, String changeVector, long etag) {
        return new StoredDocument(item.id(), item.collection(), etag, changeVector, item.lastModifiedTicks(),
                item.flags(), item.body());
    }

    private static StoredDocument tombstoneVersion(StoredTombstone tombstone) {
        return new StoredDocument(tombstone.id(), tombstone.collection(), 0, tombstone.changeVector(),
                tombstone.deletedTicks(), 0, new byte[0]);
    }

    /** Same JSON content, whatever the byte layout (field order is part of the content, as in RavenDB). */
    private static boolean sameJson(byte[] a, byte[] b) {
        return Arrays.equals(a, b) || Json.parseObject(a).equals(Json.parseObject(b))
                // versions apart only in the counters they name: the names are made right after the batch
                || dev.muninn.node.documents.counters.Counters.withoutNames(a)
                .equals(dev.muninn.node.documents.counters.Counters.withoutNames(b));
    }
}
