package dev.muninn.node.documents.commands;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Document;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.script.PatchOutcome;
import dev.muninn.node.script.PatchScript;
import dev.muninn.node.storage.StoredDocument;

/**
 * Runs a JavaScript patch against the current version inside the write transaction, so the read-modify-write
 * is atomic. Missing documents get {@code patchIfMissing} applied to {@code createIfMissing} (or to an empty
 * document), as RavenDB does.
 */
public record PatchDocument(String id, String expectedChangeVector, PatchRequest patch, PatchRequest patchIfMissing,
                            ObjectNode createIfMissing, boolean returnDocument, PatchScript scripts,
                            long maxSizeBytes, Options options) implements WriteOperation<PatchResult> {

    /** A script and its {@code args}. */
    public record PatchRequest(String script, JsonNode values) {
    }

    /**
     * The single-document PatchOperation's switches: a change vector that does not match skips the patch instead of
     * failing it; {@code test} runs the script and writes nothing; {@code debug} returns the original document and
     * what the script printed.
     */
    public record Options(boolean skipIfChangeVectorMismatch, boolean test, boolean debug) {
        public static final Options NONE = new Options(false, false, false);
    }

    public PatchDocument(String id, String expectedChangeVector, PatchRequest patch, PatchRequest patchIfMissing,
                         ObjectNode createIfMissing, boolean returnDocument, PatchScript scripts, long maxSizeBytes) {
        this(id, expectedChangeVector, patch, patchIfMissing, createIfMissing, returnDocument, scripts, maxSizeBytes,
                Options.NONE);
    }

    /** The patched document's counters for {@code counter()}: lower-cased name → total. */
    private static JsonNode counterValues(WriteContext context, Optional<StoredDocument> existing) {
        ObjectNode values = dev.muninn.node.documents.Json.object();
        if (existing.isPresent()) {
            var group = dev.muninn.node.documents.counters.Counters.of(context.storage(), context.transaction(),
                    existing.get().id());
            for (String name : group.liveNames()) {
                values.put(name.toLowerCase(java.util.Locale.ROOT), group.value(name).getAsLong());
            }
        }
        return values;
    }

    /** What a debug patch returns besides the result: the document before, and the script's output() lines. */
    public record Debug(ObjectNode originalDocument, java.util.List<String> output) {
    }

    @Override
    public PatchResult execute(WriteContext context) {
        DocumentIds.validate(id);
        Optional<StoredDocument> existing = context.get(id);
        if (options.skipIfChangeVectorMismatch() && expectedChangeVector != null && existing.isPresent()
                && !expectedChangeVector.equals(existing.get().changeVector())) {
            return new PatchResult(id, PatchResult.Status.Skipped, existing.get().changeVector(),
                    existing.get().lastModifiedTicks(), null, null);
        }
        OptimisticConcurrency.check(id, expectedChangeVector, existing.map(StoredDocument::changeVector));
        ObjectNode current;
        PatchRequest request;
        if (existing.isPresent()) {
            current = Document.of(existing.get()).toJson();
            request = patch;
        } else if (patchIfMissing != null || createIfMissing != null) {
            current = createIfMissing != null ? createIfMissing.deepCopy() : dev.muninn.node.documents.Json.object();
            request = patchIfMissing;
        } else {
            return new PatchResult(id, PatchResult.Status.DocumentDoesNotExist, null, 0, null, null);
        }
        ObjectNode patched = current;
        boolean modified = existing.isEmpty();
        java.util.List<String> output = java.util.List.of();
        java.util.List<dev.muninn.node.documents.counters.DocumentCounters> counterOperations = java.util.List.of();
        if (request != null && request.script() != null) {
            PatchOutcome outcome = scripts.apply(id, current, request.script(), request.values(),
                    counterValues(context, existing));
            patched = outcome.document();
            modified |= outcome.modified();
            output = outcome.debugOutput();
            counterOperations = PatchCounters.operations(id, outcome.counterOperations());
        }
        Debug debug = options.debug() ? new Debug(existing.isPresent() ? current : null, output) : null;
        if (!modified && counterOperations.isEmpty()) {
            return new PatchResult(id, PatchResult.Status.NotModified, existing.get().changeVector(),
                    existing.get().lastModifiedTicks(), returnDocument ? current : null, debug);
        }
        if (options.test()) {
            // What the patch would make, not written: the status says what it would be.
            return new PatchResult(id, existing.isPresent() ? PatchResult.Status.Patched : PatchResult.Status.Created,
                    existing.map(StoredDocument::changeVector).orElse(null),
                    existing.map(StoredDocument::lastModifiedTicks).orElse(0L), patched, debug);
        }
        if (!modified) {
            // only counters changed: the document keeps its version unless the counters it names change
            new dev.muninn.node.documents.counters.CounterBatch(counterOperations).execute(context);
            StoredDocument after = context.get(id).orElseThrow();
            return new PatchResult(after.id(), PatchResult.Status.Patched, after.changeVector(),
                    after.lastModifiedTicks(), returnDocument ? Document.of(after).toJson() : null, debug);
        }
        PutResult put = new PutDocument(id, patched, null, maxSizeBytes).execute(context);
        if (!counterOperations.isEmpty()) {
            new dev.muninn.node.documents.counters.CounterBatch(counterOperations).execute(context);
            StoredDocument after = context.get(put.id()).orElseThrow();
            put = new PutResult(put.id(), put.collection(), after.changeVector(), after.lastModifiedTicks());
        }
        ObjectNode returned = null;
        if (returnDocument) {
            returned = patched.deepCopy();
            ObjectNode metadata = returned.with(Metadata.KEY);
            metadata.put(Metadata.ID, put.id());
            metadata.put(Metadata.CHANGE_VECTOR, put.changeVector());
        }
        return new PatchResult(put.id(), existing.isPresent() ? PatchResult.Status.Patched : PatchResult.Status.Created,
                put.changeVector(), put.lastModifiedTicks(), returned, debug);
    }
}
