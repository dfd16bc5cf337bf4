package dev.muninn.node.documents.commands;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;

/**
 * Hands out the next range of HiLo ids for a tag. The high-water mark lives in the document
 * {@code Raven/Hilo/<tag>}; ranges grow when a client asks often and shrink when it asks rarely, as RavenDB's do.
 * Ranges are per node: ids stay unique across nodes through the {@code -<node tag>} suffix the client appends.
 */
public record HiLoNext(String tag, long lastBatchSize, Long lastRangeAtTicks, long lastMax, String separator)
        implements WriteOperation<HiLoNext.Range> {
    static final long MIN_CAPACITY = 32;
    static final long MAX_CAPACITY = 1024 * 1024;

    public record Range(String prefix, long low, long high, long lastSize, String serverTag, long lastRangeAtTicks) {
    }

    public static String documentId(String tag) {
        return "Raven/Hilo/" + tag;
    }

    @Override
    public Range execute(WriteContext context) {
        String id = documentId(tag);
        Optional<StoredDocument> existing = context.get(id);
        long storedMax = existing.map(d -> Json.parseObject(d.body()).path("Max").asLong(0)).orElse(0L);
        long oldMax = Math.max(storedMax, lastMax);
        long capacity = capacity(context.nowTicks());
        if (oldMax > Long.MAX_VALUE - capacity) {
            // Wrapping around would hand out negative ids and then start again at 1: ids that exist already.
            throw new dev.muninn.node.documents.InvalidDocumentException("HiLo ids for '" + tag + "' are exhausted: "
                    + "the next range after " + oldMax + " would pass " + Long.MAX_VALUE);
        }
        long high = oldMax + capacity;
        ObjectNode body = Json.object();
        body.put("Max", high);
        body.putObject(Metadata.KEY).put(Metadata.COLLECTION, Metadata.HILO_COLLECTION);
        new PutDocument(id, body, null, Long.MAX_VALUE).execute(context);
        String prefix = tag + (separator == null || separator.isEmpty() ? "/" : separator);
        return new Range(prefix, oldMax + 1, high, capacity, context.nodeTag(), context.nowTicks());
    }

    private long capacity(long nowTicks) {
        long size = Math.max(MIN_CAPACITY, lastBatchSize);
        if (lastRangeAtTicks == null || lastBatchSize == 0) {
            return MIN_CAPACITY;
        }
        long sinceSeconds = (nowTicks - lastRangeAtTicks) / 10_000_000L;
        if (sinceSeconds < 30) {
            size = size * 2;
        } else if (sinceSeconds > 60) {
            size = size / 2;
        }
        return Math.min(MAX_CAPACITY, Math.max(MIN_CAPACITY, size));
    }
}
