package dev.muninn.node.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.bindings.LongBinding;
import jetbrains.exodus.bindings.StringBinding;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * The tables of one database instance, kept consistent with each other inside a transaction:
 * <ul>
 *   <li>{@code docs}: lower-cased id → document (original id casing inside);</li>
 *   <li>{@code tombstones}: lower-cased id → tombstone;</li>
 *   <li>{@code by_etag}: etag → kind + lower-cased id, over documents, tombstones and revisions (replication reads
 *       it);</li>
 *   <li>{@code revisions}: lower-cased id, 0, etag → a past version (revision); {@code revisions_by_cv}: its change
 *       vector → that key;</li>
 *   <li>{@code by_collection}: lower-cased collection, 0, etag → lower-cased id (collection scans);</li>
 *   <li>{@code attachment_contents}: content hash → attachment bytes (documents name them in their metadata, so
 *       identical contents are stored once); {@code large_attachments}: content hash → length and piece size of
 *       contents above {@link #CHUNKED_ABOVE}, stored in pieces instead;</li>
 *   <li>{@code value_chunks}: the bodies of documents, revisions and conflicted versions above
 *       {@link #CHUNKED_ABOVE} bytes, and large attachment contents, in pieces ({@link ValueChunks}, ADR 0034);
 *       their record in {@code docs}, {@code revisions} or {@code conflicts} says so;</li>
 *   <li>{@code expires_at}, {@code refresh_at}: date, lower-cased id of documents whose metadata names
 *       {@code @expires} or {@code @refresh} ({@link DueDates});</li>
 *   <li>{@code collection_counts}: lower-cased collection → its number of documents and name
 *       ({@link CollectionCounts});</li>
 *   <li>{@code counters}: lower-cased document id → the document's counters, one record per document (the
 *       documents layer keeps them as a CRDT in the record's body; ADR 0040), indexed in {@code by_etag} at the etag
 *       of its last change, so replication and backups carry it; a document's delete deletes its counters in that
 *       record (a replicated change like any other), it does not remove it;</li>
 *   <li>{@code meta}: small named values (database id, last etag, database change vector).</li>
 * </ul>
 */
public final class DocumentsStorage {
    private static final String COLLECTIONS_COUNTED = "collections-counted";
    private static final byte KIND_DOCUMENT = 'D';
    private static final byte KIND_TOMBSTONE = 'T';
    private static final byte KIND_REVISION = 'R';
    private static final byte KIND_CONFLICT = 'C';
    private static final byte KIND_COUNTERS = 'N';
    /** Tags the pieces of attachment contents in {@code value_chunks} (the KIND_ bytes tag the other tables'). */
    private static final byte ATTACHMENT = 'A';
    /**
     * Bodies (and attachment contents) larger than this are stored in pieces (ADR 0034); smaller ones exactly as
     * before. Deleting or replacing a record looks for pieces only when its body is larger, so this may be lowered
     * but never raised: a raised one would leave the pieces of bodies in between behind.
     */
    static final int CHUNKED_ABOVE = ValueChunks.CHUNK_SIZE;
    private static final byte[] NO_BODY = new byte[0];
    /**
     * Bodies a {@link #changesAfter} batch stops at (at a transaction's end): 512 documents near the size limit
     * would be gigabytes in one replication message or backup batch.
     */
    static final long CHANGES_BYTES = 64L << 20;

    private final StorageEnvironment environment;
    private final Store docs;
    private final Store tombstones;
    private final Store byEtag;
    private final Store byCollection;
    private final Store meta;
    private final Store conflicts;
    private final Store transactionEnds;
    private final Store revisions;
    private final Store revisionsByChangeVector;
    private final Store attachmentContents;
    private final Store largeAttachments;
    private final Store counters;
    private final ValueChunks chunks;
    private final CollectionCounts collectionCounts;
    private final DueDates expirations;
    private final DueDates refreshes;

    public DocumentsStorage(StorageEnvironment environment) {
        this(environment, body -> java.util.OptionalLong.empty(), body -> java.util.OptionalLong.empty());
    }

    /**
     * @param expiresOf the {@code @expires} date of a document body, in ticks (the documents layer reads JSON)
     * @param refreshOf the same for {@code @refresh}
     */
    public DocumentsStorage(StorageEnvironment environment,
                            java.util.function.Function<byte[], java.util.OptionalLong> expiresOf,
                            java.util.function.Function<byte[], java.util.OptionalLong> refreshOf) {
        this.environment = environment;
        this.docs = environment.openStore("docs");
        this.tombstones = environment.openStore("tombstones");
        this.byEtag = environment.openStore("by_etag");
        this.byCollection = environment.openStore("by_collection");
        this.meta = environment.openStore("meta");
        this.conflicts = environment.openStore("conflicts");
        this.transactionEnds = environment.openStore("transaction_ends");
        this.revisions = environment.openStore("revisions");
        this.revisionsByChangeVector = environment.openStore("revisions_by_cv");
        this.attachmentContents = environment.openStore("attachment_contents");
        this.largeAttachments = environment.openStore("large_attachments");
        this.counters = environment.openStore("counters");
        this.chunks = new ValueChunks(environment.openStore("value_chunks"));
        this.collectionCounts = new CollectionCounts(environment.openStore("collection_counts"));
        this.expirations = new DueDates(environment.openStore("expires_at"), expiresOf);
        this.refreshes = new DueDates(environment.openStore("refresh_at"), refreshOf);
        environment.write(txn -> {
            indexOlderDatabase(txn);
            return null;
        });
    }

    /**
     * A database written before collections were counted and due dates indexed has documents and neither: they are
     * indexed once, here, by one pass over the documents.
     */
    private void indexOlderDatabase(Transaction txn) {
        if (metaLong(txn, COLLECTIONS_COUNTED) != 0) {
            return;
        }
        if (collectionCounts.isEmpty(txn) && docs.count(txn) > 0) {
            try (Cursor cursor = docs.openCursor(txn)) {
                while (cursor.getNext()) {
                    StoredDocument doc = decode(txn, KIND_DOCUMENT, cursor.getKey(), cursor.getValue());
                    collectionCounts.add(txn, doc.collection(), 1);
                    expirations.replaced(txn, key(doc.id()), null, doc.body());
                    refreshes.replaced(txn, key(doc.id()), null, doc.body());
                }
            }
        }
        putMetaLong(txn, COLLECTIONS_COUNTED, 1);
    }

    /** Documents by their {@code @expires} date. */
    public DueDates expirations() {
        return expirations;
    }

    /** Documents by their {@code @refresh} date. */
    public DueDates refreshes() {
        return refreshes;
    }

    private void dueDatesReplaced(Transaction txn, String key, byte[] previous, byte[] body) {
        expirations.replaced(txn, key, previous, body);
        refreshes.replaced(txn, key, previous, body);
    }

    /** The number of documents in each collection, by the collection's name. */
    public java.util.Map<String, Long> collectionCounts(Transaction txn) {
        return collectionCounts.all(txn);
    }

    public StorageEnvironment environment() {
        return environment;
    }

    public static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    public Optional<StoredDocument> get(Transaction txn, String id) {
        ByteIterable keyEntry = StringBinding.stringToEntry(key(id));
        ByteIterable value = docs.get(txn, keyEntry);
        return value == null ? Optional.empty() : Optional.of(decode(txn, KIND_DOCUMENT, keyEntry, value));
    }

    /** A stored document record of table {@code table} (a KIND_ byte) under {@code key}, its body read whole. */
    private StoredDocument decode(Transaction txn, byte table, ByteIterable key, ByteIterable value) {
        if (!RecordCodec.isChunked(value)) {
            return RecordCodec.decodeDocument(value); // small: exactly the read it always was
        }
        return RecordCodec.decodeDocument(value, (length, chunkSize) -> chunks.read(txn, table, key, length,
                chunkSize));
    }

    /**
     * Writes a document record into {@code store} (table {@code table}, a KIND_ byte): a large body apart, in
     * pieces, in this same transaction. Pieces a large record under the same key had are replaced.
     */
    private void putRecord(Transaction txn, Store store, byte table, ByteIterable key, StoredDocument doc) {
        if (doc.body().length <= CHUNKED_ABOVE) {
            store.put(txn, key, RecordCodec.encode(doc));
            return;
        }
        chunks.delete(txn, table, key);
        chunks.write(txn, table, key, doc.body());
        store.put(txn, key, RecordCodec.encodeChunkedHead(doc, ValueChunks.CHUNK_SIZE));
    }

    /** Removes the pieces {@code previous}, the record under {@code key}, had (small ones have none). */
    private void deletePieces(Transaction txn, byte table, ByteIterable key, StoredDocument previous) {
        if (previous.body().length > CHUNKED_ABOVE) {
            chunks.delete(txn, table, key);
        }
    }

    public Optional<StoredTombstone> getTombstone(Transaction txn, String id) {
        ByteIterable value = tombstones.get(txn, StringBinding.stringToEntry(key(id)));
        return value == null ? Optional.empty() : Optional.of(RecordCodec.decodeTombstone(value));
    }

    /** Stores a new version, replacing the previous version or tombstone and their index entries. */
    public void put(Transaction txn, StoredDocument doc) {
        put(txn, doc, get(txn, doc.id()), getTombstone(txn, doc.id()));
    }

    /** As {@link #put(Transaction, StoredDocument)}, with the previous version and tombstone already read. */
    public void put(Transaction txn, StoredDocument doc, Optional<StoredDocument> previousVersion,
                    Optional<StoredTombstone> previousTombstone) {
        String key = key(doc.id());
        ByteIterable keyEntry = StringBinding.stringToEntry(key);
        previousVersion.ifPresent(previous -> unindex(txn, previous.etag(), previous.collection()));
        previousTombstone.ifPresent(previous -> {
            unindex(txn, previous.etag(), previous.collection());
            tombstones.delete(txn, keyEntry);
        });
        // a large new body replaces the previous pieces itself; a small one must not leave them behind
        if (doc.body().length <= CHUNKED_ABOVE) {
            previousVersion.ifPresent(previous -> deletePieces(txn, KIND_DOCUMENT, keyEntry, previous));
        }
        putRecord(txn, docs, KIND_DOCUMENT, keyEntry, doc);
        index(txn, doc.etag(), doc.collection(), KIND_DOCUMENT, key);
        dueDatesReplaced(txn, key, previousVersion.map(StoredDocument::body).orElse(null), doc.body());
    }

    /** Removes the document (if any) and records the tombstone. */
    /** Deletes (previous may be null when only a newer tombstone arrives for a document never seen here). */
    public void delete(Transaction txn, StoredTombstone tombstone, StoredDocument previous) {
        String key = key(tombstone.id());
        ByteIterable keyEntry = StringBinding.stringToEntry(key);
        if (previous != null) {
            unindex(txn, previous.etag(), previous.collection());
            docs.delete(txn, keyEntry);
            deletePieces(txn, KIND_DOCUMENT, keyEntry, previous);
            dueDatesReplaced(txn, key, previous.body(), null);
        }
        getTombstone(txn, key).ifPresent(old -> unindex(txn, old.etag(), old.collection()));
        tombstones.put(txn, keyEntry, RecordCodec.encode(tombstone));
        index(txn, tombstone.etag(), tombstone.collection(), KIND_TOMBSTONE, key);
    }

    /**
     * Visits the documents of one collection in etag order, one at a time, until the visitor returns false.
     * Nothing but the current document is held in memory.
     */
    public void scanCollection(Transaction txn, String collection, Predicate<StoredDocument> visitor) {
        byte[] prefix = collectionPrefix(collection);
        try (Cursor cursor = byCollection.openCursor(txn)) {
            ByteIterable found = cursor.getSearchKeyRange(new ArrayByteIterable(prefix));
            while (found != null) {
                ByteIterable k = cursor.getKey();
                if (!startsWith(k, prefix)) {
                    return;
                }
                ByteIterable docKey = cursor.getValue();
                ByteIterable value = docs.get(txn, docKey);
                if (value != null && !visitor.test(decode(txn, KIND_DOCUMENT, docKey, value))) {
                    return;
                }
                found = cursor.getNext() ? cursor.getValue() : null;
            }
        }
    }

    /** Visits every document in etag order (the {@code @all_docs} scan). */
    public void scanAll(Transaction txn, Predicate<StoredDocument> visitor) {
        try (Cursor cursor = byEtag.openCursor(txn)) {
            while (cursor.getNext()) {
                byte[] value = cursor.getValue().getBytesUnsafe();
                if (value[0] != KIND_DOCUMENT) {
                    continue;
                }
                ByteIterable docKey = StringBinding.stringToEntry(
                        new String(value, 1, cursor.getValue().getLength() - 1, StandardCharsets.UTF_8));
                ByteIterable doc = docs.get(txn, docKey);
                if (doc != null && !visitor.test(decode(txn, KIND_DOCUMENT, docKey, doc))) {
                    return;
                }
            }
        }
    }

    /** Documents whose lower-cased id starts with the given prefix, in id order. */
    public void scanIdPrefix(Transaction txn, String idPrefix, Predicate<StoredDocument> visitor) {
        String prefix = key(idPrefix);
        try (Cursor cursor = docs.openCursor(txn)) {
            ByteIterable found = cursor.getSearchKeyRange(StringBinding.stringToEntry(prefix));
            while (found != null) {
                if (!StringBinding.entryToString(cursor.getKey()).startsWith(prefix)) {
                    return;
                }
                if (!visitor.test(decode(txn, KIND_DOCUMENT, cursor.getKey(), cursor.getValue()))) {
                    return;
                }
                found = cursor.getNext() ? cursor.getValue() : null;
            }
        }
    }

    /**
     * Stores one version of a document in conflict (key: lower-cased id, 0, change vector). A tombstone version
     * has a null body. The document itself is removed by the caller while the conflict lasts.
     */
    public void putConflict(Transaction txn, StoredDocument version) {
        ByteIterable key = conflictKey(version.id(), version.changeVector());
        putRecord(txn, conflicts, KIND_CONFLICT, key, version);
        // Conflicted versions replicate like documents (under their own etag), so that every member learns of the
        // conflict, not only the one that detected it.
        byte[] keyBytes = java.util.Arrays.copyOf(key.getBytesUnsafe(), key.getLength());
        byte[] value = new byte[keyBytes.length + 1];
        value[0] = KIND_CONFLICT;
        System.arraycopy(keyBytes, 0, value, 1, keyBytes.length);
        byEtag.put(txn, LongBinding.longToEntry(version.etag()), new ArrayByteIterable(value));
    }

    /** Every version of {@code id} in conflict, in change-vector order; empty when there is no conflict. */
    public java.util.List<StoredDocument> conflictsOf(Transaction txn, String id) {
        return versionsOf(txn, conflicts, KIND_CONFLICT, id);
    }

    /** The versions a per-document table ({@code conflicts}, {@code revisions}) holds for {@code id}, in key order. */
    private java.util.List<StoredDocument> versionsOf(Transaction txn, Store store, byte table, String id) {
        byte[] prefix = conflictPrefix(id);
        java.util.List<StoredDocument> versions = new java.util.ArrayList<>();
        try (Cursor cursor = store.openCursor(txn)) {
            ByteIterable found = cursor.getSearchKeyRange(new ArrayByteIterable(prefix));
            while (found != null && startsWith(cursor.getKey(), prefix)) {
                versions.add(decode(txn, table, cursor.getKey(), cursor.getValue()));
                found = cursor.getNext() ? cursor.getValue() : null;
            }
        }
        return versions;
    }

    /** Removes every conflicting version of {@code id} (the conflict was resolved). */
    public void clearConflicts(Transaction txn, String id) {
        for (StoredDocument version : conflictsOf(txn, id)) {
            deleteConflict(txn, version);
        }
    }

    /** Removes one version from a conflict (a newer version of the same line superseded it). */
    public void deleteConflict(Transaction txn, StoredDocument version) {
        ByteIterable key = conflictKey(version.id(), version.changeVector());
        conflicts.delete(txn, key);
        deletePieces(txn, KIND_CONFLICT, key, version);
        byEtag.delete(txn, LongBinding.longToEntry(version.etag()));
    }

    /** One conflicted document: its id (as first written) and how many versions are in conflict. */
    public record ConflictedId(String id, int versions, long lastModifiedTicks) {
    }

    /** The conflicted documents in id order, {@code start} skipped, at most {@code pageSize}; and the total. */
    public java.util.List<ConflictedId> conflictedIds(Transaction txn, int start, int pageSize,
                                                      java.util.concurrent.atomic.AtomicLong total) {
        java.util.List<ConflictedId> page = new java.util.ArrayList<>();
        String current = null;
        String currentId = null;
        int versions = 0;
        long lastModified = 0;
        long seen = 0;
        try (Cursor cursor = conflicts.openCursor(txn)) {
            while (cursor.getNext()) {
                // only the id and times are wanted: a large version's body stays in its pieces
                StoredDocument version = RecordCodec.decodeDocument(cursor.getValue(), (length, size) -> NO_BODY);
                String lowered = key(version.id());
                if (!lowered.equals(current)) {
                    if (current != null && seen++ >= start && page.size() < pageSize) {
                        page.add(new ConflictedId(currentId, versions, lastModified));
                    }
                    current = lowered;
                    currentId = version.id();
                    versions = 0;
                    lastModified = 0;
                }
                versions++;
                lastModified = Math.max(lastModified, version.lastModifiedTicks());
            }
        }
        if (current != null && seen++ >= start && page.size() < pageSize) {
            page.add(new ConflictedId(currentId, versions, lastModified));
        }
        total.set(seen);
        return page;
    }

    public long countConflicts(Transaction txn) {
        return conflicts.count(txn);
    }

    /** Removes a document and its index entries without leaving a tombstone (it moves to the conflicts store). */
    public void removeForConflict(Transaction txn, StoredDocument current) {
        unindex(txn, current.etag(), current.collection());
        ByteIterable keyEntry = StringBinding.stringToEntry(key(current.id()));
        docs.delete(txn, keyEntry);
        deletePieces(txn, KIND_DOCUMENT, keyEntry, current);
        dueDatesReplaced(txn, key(current.id()), current.body(), null);
    }

    private static byte[] conflictPrefix(String id) {
        byte[] name = key(id).getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[name.length + 1];
        System.arraycopy(name, 0, prefix, 0, name.length);
        return prefix;
    }

    private static ByteIterable conflictKey(String id, String changeVector) {
        byte[] prefix = conflictPrefix(id);
        byte[] cv = changeVector.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[prefix.length + cv.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(cv, 0, key, prefix.length, cv.length);
        return new ArrayByteIterable(key);
    }

    /** Marks {@code etag} as the last one of a committed transaction, so replication never splits it. */
    public void markTransactionEnd(Transaction txn, long etag) {
        transactionEnds.put(txn, LongBinding.longToEntry(etag), LongBinding.longToEntry(etag));
    }

    /**
     * A change after some etag: the current document, the tombstone, a revision or a document's counters (whose
     * record's body is the counters' state) stored at that etag.
     */
    public record Change(long etag, StoredDocument document, StoredTombstone tombstone, StoredDocument revision,
                         StoredDocument counters) {
        public Change(long etag, StoredDocument document, StoredTombstone tombstone, StoredDocument revision) {
            this(etag, document, tombstone, revision, null);
        }
    }

    /**
     * Changes after {@code afterEtag} in etag order: at least {@code minItems} when there are that many (or fewer
     * once their bodies reach {@link #CHANGES_BYTES}), then up to the end of the transaction the last one belongs to
     * (a batch never splits a transaction).
     */
    public java.util.List<Change> changesAfter(Transaction txn, long afterEtag, int minItems) {
        java.util.List<Change> changes = new java.util.ArrayList<>();
        long bodyBytes = 0;
        try (Cursor cursor = byEtag.openCursor(txn)) {
            ByteIterable found = cursor.getSearchKeyRange(LongBinding.longToEntry(afterEtag + 1));
            while (found != null) {
                long etag = LongBinding.entryToLong(cursor.getKey());
                int before = changes.size();
                byte[] value = cursor.getValue().getBytesUnsafe();
                int length = cursor.getValue().getLength();
                if (value[0] == KIND_CONFLICT) {
                    ByteIterable conflictKey = new ArrayByteIterable(java.util.Arrays.copyOfRange(value, 1, length));
                    ByteIterable version = conflicts.get(txn, conflictKey);
                    if (version != null) {
                        changes.add(conflictChange(etag, decode(txn, KIND_CONFLICT, conflictKey, version)));
                    }
                } else {
                    String id = new String(value, 1, length - 1, StandardCharsets.UTF_8);
                    if (value[0] == KIND_DOCUMENT) {
                        get(txn, id).ifPresent(doc -> changes.add(new Change(etag, doc, null, null)));
                    } else if (value[0] == KIND_COUNTERS) {
                        counters(txn, id).ifPresent(group -> changes.add(new Change(etag, null, null, null, group)));
                    } else if (value[0] == KIND_REVISION) {
                        ByteIterable revisionKey = revisionKey(id, etag);
                        ByteIterable revision = revisions.get(txn, revisionKey);
                        if (revision != null) {
                            changes.add(new Change(etag, null, null,
                                    decode(txn, KIND_REVISION, revisionKey, revision)));
                        }
                    } else {
                        getTombstone(txn, id).ifPresent(t -> changes.add(new Change(etag, null, t, null)));
                    }
                }
                if (changes.size() > before) {
                    Change last = changes.get(before);
                    StoredDocument version = last.document() != null ? last.document()
                            : last.revision() != null ? last.revision() : last.counters();
                    bodyBytes += version == null ? 0 : version.body().length;
                }
                if ((changes.size() >= minItems || bodyBytes >= CHANGES_BYTES)
                        && transactionEnds.get(txn, LongBinding.longToEntry(etag)) != null) {
                    break;
                }
                found = cursor.getNext() ? cursor.getValue() : null;
            }
        }
        return changes;
    }

    /** The counters of a document (the record's body is their state), if it has any. */
    public Optional<StoredDocument> counters(Transaction txn, String documentId) {
        ByteIterable keyEntry = StringBinding.stringToEntry(key(documentId));
        ByteIterable value = counters.get(txn, keyEntry);
        return value == null ? Optional.empty() : Optional.of(decode(txn, KIND_COUNTERS, keyEntry, value));
    }

    /** Stores the counters of a document at their new etag (the previous record's index entry goes). */
    public void putCounters(Transaction txn, StoredDocument group) {
        String key = key(group.id());
        ByteIterable keyEntry = StringBinding.stringToEntry(key);
        Optional<StoredDocument> previous = counters(txn, group.id());
        previous.ifPresent(old -> {
            byEtag.delete(txn, LongBinding.longToEntry(old.etag()));
            if (group.body().length <= CHUNKED_ABOVE) {
                deletePieces(txn, KIND_COUNTERS, keyEntry, old);
            }
        });
        putRecord(txn, counters, KIND_COUNTERS, keyEntry, group);
        index(txn, group.etag(), group.collection(), KIND_COUNTERS, key);
    }

    /** Stores a revision (its etag is its own, taken from the database's etag sequence). */
    public void putRevision(Transaction txn, StoredDocument revision) {
        String key = key(revision.id());
        ByteIterable revisionKey = revisionKey(key, revision.etag());
        putRecord(txn, revisions, KIND_REVISION, revisionKey, revision);
        revisionsByChangeVector.put(txn, StringBinding.stringToEntry(revision.changeVector()), revisionKey);
        index(txn, revision.etag(), revision.collection(), KIND_REVISION, key);
    }

    public boolean hasRevision(Transaction txn, String changeVector) {
        return revisionsByChangeVector.get(txn, StringBinding.stringToEntry(changeVector)) != null;
    }

    public Optional<StoredDocument> revisionByChangeVector(Transaction txn, String changeVector) {
        ByteIterable revisionKey = revisionsByChangeVector.get(txn, StringBinding.stringToEntry(changeVector));
        ByteIterable value = revisionKey == null ? null : revisions.get(txn, revisionKey);
        return value == null ? Optional.empty() : Optional.of(decode(txn, KIND_REVISION, revisionKey, value));
    }

    /** The revisions of {@code id}, oldest first (they are few per document, and trimmed). */
    public java.util.List<StoredDocument> revisionsOf(Transaction txn, String id) {
        return versionsOf(txn, revisions, KIND_REVISION, id);
    }

    public void deleteRevision(Transaction txn, StoredDocument revision) {
        ByteIterable revisionKey = revisionKey(key(revision.id()), revision.etag());
        revisions.delete(txn, revisionKey);
        deletePieces(txn, KIND_REVISION, revisionKey, revision);
        revisionsByChangeVector.delete(txn, StringBinding.stringToEntry(revision.changeVector()));
        byEtag.delete(txn, LongBinding.longToEntry(revision.etag()));
    }

    public long countRevisions(Transaction txn) {
        return revisions.count(txn);
    }

    private static ByteIterable revisionKey(String lowerCasedId, long etag) {
        byte[] name = lowerCasedId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(name.length + 1 + Long.BYTES);
        buffer.put(name).put((byte) 0).putLong(etag);
        return new ArrayByteIterable(buffer.array());
    }

    /**
     * Stores attachment content under its hash, unless it is already there. Contents are never rewritten (the hash
     * names them), so a large one's pieces are written once and its {@code large_attachments} entry says where.
     */
    public void putAttachmentContent(Transaction txn, String hash, byte[] content) {
        ByteIterable key = StringBinding.stringToEntry(hash);
        if (hasAttachmentContent(txn, key)) {
            return;
        }
        if (content.length <= CHUNKED_ABOVE) {
            attachmentContents.put(txn, key, new ArrayByteIterable(content));
            return;
        }
        chunks.write(txn, ATTACHMENT, key, content);
        largeAttachments.put(txn, key, new ArrayByteIterable(ByteBuffer.allocate(2 * Integer.BYTES)
                .putInt(content.length).putInt(ValueChunks.CHUNK_SIZE).array()));
    }

    public Optional<byte[]> attachmentContent(Transaction txn, String hash) {
        ByteIterable key = StringBinding.stringToEntry(hash);
        ByteIterable value = attachmentContents.get(txn, key);
        if (value != null) {
            return Optional.of(java.util.Arrays.copyOf(value.getBytesUnsafe(), value.getLength()));
        }
        ByteIterable large = largeAttachments.get(txn, key);
        if (large == null) {
            return Optional.empty();
        }
        ByteBuffer sizes = ByteBuffer.wrap(large.getBytesUnsafe(), 0, large.getLength());
        return Optional.of(chunks.read(txn, ATTACHMENT, key, sizes.getInt(), sizes.getInt()));
    }

    public boolean hasAttachmentContent(Transaction txn, String hash) {
        return hasAttachmentContent(txn, StringBinding.stringToEntry(hash));
    }

    private boolean hasAttachmentContent(Transaction txn, ByteIterable key) {
        return attachmentContents.get(txn, key) != null || largeAttachments.get(txn, key) != null;
    }

    /** Pieces of large values in the {@code value_chunks} store (tests check that none are left behind). */
    public long countValueChunks(Transaction txn) {
        return chunks.count(txn);
    }

    /** A version in conflict, shipped as the document (or tombstone) it is. */
    private static Change conflictChange(long etag, StoredDocument conflicted) {
        if (conflicted.body().length == 0) {
            return new Change(etag, null, new StoredTombstone(conflicted.id(), conflicted.collection(), etag,
                    conflicted.changeVector(), conflicted.lastModifiedTicks()), null);
        }
        return new Change(etag, conflicted, null, null);
    }

    public long countDocuments(Transaction txn) {
        return docs.count(txn);
    }

    public long countTombstones(Transaction txn) {
        return tombstones.count(txn);
    }

    public Optional<String> metaString(Transaction txn, String name) {
        ByteIterable value = meta.get(txn, StringBinding.stringToEntry(name));
        return value == null ? Optional.empty() : Optional.of(StringBinding.entryToString(value));
    }

    public void putMetaString(Transaction txn, String name, String value) {
        meta.put(txn, StringBinding.stringToEntry(name), StringBinding.stringToEntry(value));
    }

    public long metaLong(Transaction txn, String name) {
        ByteIterable value = meta.get(txn, StringBinding.stringToEntry(name));
        return value == null ? 0L : LongBinding.entryToLong(value);
    }

    public void putMetaLong(Transaction txn, String name, long value) {
        meta.put(txn, StringBinding.stringToEntry(name), LongBinding.longToEntry(value));
    }

    private void index(Transaction txn, long etag, String collection, byte kind, String key) {
        byte[] idBytes = key.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[idBytes.length + 1];
        value[0] = kind;
        System.arraycopy(idBytes, 0, value, 1, idBytes.length);
        byEtag.put(txn, LongBinding.longToEntry(etag), new ArrayByteIterable(value));
        if (kind == KIND_DOCUMENT && byCollection.put(txn, collectionKey(collection, etag),
                StringBinding.stringToEntry(key))) {
            collectionCounts.add(txn, collection, 1);
        }
    }

    private void unindex(Transaction txn, long etag, String collection) {
        byEtag.delete(txn, LongBinding.longToEntry(etag));
        if (byCollection.delete(txn, collectionKey(collection, etag))) {
            collectionCounts.add(txn, collection, -1); // only documents are in the collection index
        }
    }

    private static byte[] collectionPrefix(String collection) {
        byte[] name = key(collection).getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[name.length + 1];
        System.arraycopy(name, 0, prefix, 0, name.length);
        return prefix; // trailing 0 separates "Users" from "UsersArchive"
    }

    private static ByteIterable collectionKey(String collection, long etag) {
        byte[] prefix = collectionPrefix(collection);
        ByteBuffer buffer = ByteBuffer.allocate(prefix.length + Long.BYTES);
        buffer.put(prefix).putLong(etag);
        return new ArrayByteIterable(buffer.array());
    }

    private static boolean startsWith(ByteIterable key, byte[] prefix) {
        if (key.getLength() < prefix.length) {
            return false;
        }
        byte[] bytes = key.getBytesUnsafe();
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
