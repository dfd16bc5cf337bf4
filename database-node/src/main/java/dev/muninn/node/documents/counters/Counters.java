package dev.muninn.node.documents.counters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.DocumentFlags;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.storage.DocumentsStorage;
import dev.muninn.node.storage.StoredDocument;
import jetbrains.exodus.env.Transaction;

/**
 * Where counters meet their document. Their values live apart ({@link CounterGroup}, one record per document);
 * the document's {@code @counters} names those that exist (the server owns that list, as RavenDB's does). The
 * document gets a new version only when that list changes, never for an increment of an existing counter: a
 * client's cached copy stays valid while the values move.
 */
public final class Counters {
    static final String KEY = "@counters";

    private Counters() {
    }

    /** The counters of a document as stored (an empty group when it has none). */
    public static CounterGroup of(DocumentsStorage storage, Transaction txn, String documentId) {
        return storage.counters(txn, documentId).map(record -> CounterGroup.parse(record.body()))
                .orElseGet(CounterGroup::empty);
    }

    /** The names a stored body's {@code @counters} lists (empty when none). */
    public static List<String> listedIn(StoredDocument document) {
        if ((document.flags() & DocumentFlags.HAS_COUNTERS) == 0 || document.body().length == 0) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        Json.parseObject(document.body()).path(Metadata.KEY).path(KEY).forEach(name -> names.add(name.asText()));
        return names;
    }

    /** A new body replacing {@code previous}: its {@code @counters} stays (a put never drops counters). */
    public static byte[] carryOver(byte[] newBody, StoredDocument previous) {
        if (previous == null || (previous.flags() & DocumentFlags.HAS_COUNTERS) == 0) {
            return newBody;
        }
        return withNames(newBody, listedIn(previous));
    }

    /** {@code body} with its {@code @counters} set to {@code names} (removed when empty). */
    public static byte[] withNames(byte[] body, List<String> names) {
        ObjectNode document = Json.parseObject(body);
        ObjectNode metadata = document.with(Metadata.KEY);
        if (names.isEmpty()) {
            metadata.remove(KEY);
        } else {
            ArrayNode list = metadata.putArray(KEY);
            names.forEach(list::add);
        }
        return Json.bytes(document);
    }

    /** {@code body} without its {@code @counters} (to compare two versions apart from the list). */
    public static JsonNode withoutNames(byte[] body) {
        ObjectNode document = Json.parseObject(body);
        JsonNode metadata = document.get(Metadata.KEY);
        if (metadata instanceof ObjectNode object) {
            object.remove(KEY);
        }
        return document;
    }

    /**
     * Deletes every counter of a document (it was deleted, or created again over counters left from before), as a
     * change of its counters' state: the delete replicates and merges like any other (ADR 0040), so every member
     * ends with the same counters whatever crossed it. Nothing happens when none exists.
     */
    public static void deleteAll(WriteContext context, String documentId) {
        Optional<StoredDocument> record = context.storage().counters(context.transaction(), documentId);
        if (record.isEmpty()) {
            return;
        }
        CounterGroup group = CounterGroup.parse(record.get().body());
        if (!context.isCurrentTransactionsEtag(record.get().etag())) {
            group.clearChanges();
        }
        List<String> names = group.liveNames();
        if (names.isEmpty()) {
            return;
        }
        names.forEach(group::delete);
        long etag = context.nextEtag();
        ChangeVector cv = context.nodeChangeVector(ChangeVector.parse(record.get().changeVector()), etag);
        context.storage().putCounters(context.transaction(), new StoredDocument(record.get().id(),
                record.get().collection(), etag, cv.toString(), context.nowTicks(), 0, group.toBytes()));
    }

    /**
     * Makes the document's {@code @counters} name the counters that exist now, with a new local version when it
     * did not (after a local change, or after counters from another member were merged here). Nothing happens to a
     * document that does not exist here or is in conflict.
     */
    public static void syncNames(WriteContext context, String documentId) {
        Optional<StoredDocument> found = context.get(documentId);
        if (found.isEmpty()) {
            return;
        }
        StoredDocument document = found.get();
        List<String> names = of(context.storage(), context.transaction(), documentId).liveNames();
        if (names.equals(listedIn(document))) {
            return;
        }
        long etag = context.nextEtag();
        ChangeVector cv = context.localChangeVector(ChangeVector.parse(document.changeVector()), etag);
        int flags = names.isEmpty() ? document.flags() & ~DocumentFlags.HAS_COUNTERS
                : document.flags() | DocumentFlags.HAS_COUNTERS;
        context.put(new StoredDocument(document.id(), document.collection(), etag, cv.toString(), context.nowTicks(),
                flags, withNames(document.body(), names)), found, Optional.empty());
    }
}
