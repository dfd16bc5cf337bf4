package dev.muninn.node.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.QueryRunner;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.documents.commands.Batch;
import dev.muninn.node.documents.commands.DeleteResult;
import dev.muninn.node.documents.commands.PatchResult;
import dev.muninn.node.documents.query.Query;

/**
 * Patches or deletes every document a query matches (the client's PatchByQueryOperation and DeleteByQueryOperation)
 * in batches, each its own transaction, so that no single transaction grows with the result and other writes
 * interleave. The matches come from one snapshot, scanned once while the batches commit: a document the patch
 * changes moves to the end of its collection's etag order, and a fresh scan would meet it again. Between batches
 * the operation may be killed (it ends Canceled, the batches before it kept) and is throttled to
 * {@code maxOpsPerSec}.
 */
public final class DocumentsByQuery {
    /** Documents per transaction. */
    static final int BATCH = 1024;

    private final DatabaseInstance database;
    private final Query query;
    private final Function<String, WriteOperation<?>> perDocument;
    private final int maxOpsPerSecond;

    /**
     * @param perDocument the write for one matching document, by id (it reads the current version itself: the one
     *                    the scan saw may have changed since)
     * @param maxOpsPerSecond at most this many documents a second; 0 for no limit
     */
    public DocumentsByQuery(DatabaseInstance database, Query query, Function<String, WriteOperation<?>> perDocument,
                            int maxOpsPerSecond) {
        this.database = database;
        this.query = query;
        this.perDocument = perDocument;
        this.maxOpsPerSecond = maxOpsPerSecond;
    }

    /** Runs to the end, or until killed; the result counts the documents changed. */
    public ObjectNode run(Operations.Progress progress, String rql) {
        int batchSize = maxOpsPerSecond > 0 ? Math.min(BATCH, maxOpsPerSecond) : BATCH;
        long started = System.nanoTime();
        long[] processed = {0};
        long[] changed = {0};
        List<String> pending = new ArrayList<>(batchSize);
        database.read(reader -> {
            QueryRunner.run(reader, query, candidate -> {
                pending.add(candidate.documentId());
                if (pending.size() == batchSize) {
                    changed[0] += commit(pending, progress);
                    processed[0] += pending.size();
                    pending.clear();
                    report(progress, processed[0]);
                    throttle(started, processed[0]);
                }
            });
            return null;
        });
        if (!pending.isEmpty()) {
            changed[0] += commit(pending, progress);
            processed[0] += pending.size();
            report(progress, processed[0]);
        }
        ObjectNode result = Json.object();
        result.put("Total", changed[0]);
        result.put("DocumentsProcessed", changed[0]);
        result.put("AttachmentsProcessed", 0);
        result.put("CountersProcessed", 0);
        result.put("TimeSeriesProcessed", 0);
        result.put("Query", rql);
        result.putArray("Details");
        return result;
    }

    /** Writes one batch; the number of documents it changed (a document gone since the scan is not one). */
    private long commit(List<String> ids, Operations.Progress progress) {
        if (progress.canceled()) {
            throw new Operations.CanceledException();
        }
        List<WriteOperation<?>> writes = new ArrayList<>(ids.size());
        ids.forEach(id -> writes.add(perDocument.apply(id)));
        return database.write(new Batch(writes)).stream().filter(DocumentsByQuery::changedSomething).count();
    }

    private static boolean changedSomething(Object result) {
        if (result instanceof PatchResult patch) {
            return patch.status() == PatchResult.Status.Patched || patch.status() == PatchResult.Status.Created;
        }
        return result instanceof DeleteResult delete && delete.deleted();
    }

    private static void report(Operations.Progress progress, long processed) {
        ObjectNode state = Json.object();
        state.put("Processed", processed);
        progress.update(state);
    }

    private void throttle(long startedNanos, long processed) {
        if (maxOpsPerSecond <= 0) {
            return;
        }
        long dueMillis = processed * 1000 / maxOpsPerSecond - (System.nanoTime() - startedNanos) / 1_000_000;
        if (dueMillis > 0) {
            try {
                Thread.sleep(dueMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Operations.CanceledException();
            }
        }
    }
}
