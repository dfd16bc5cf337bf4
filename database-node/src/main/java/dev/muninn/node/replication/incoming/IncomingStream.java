package dev.muninn.node.replication.incoming;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.replication.BatchReceipt;
import dev.muninn.node.replication.ReplicationBatchCodec;

/**
 * One sender's replication stream into one database (ADR 0031): batches arrive while earlier ones are still being
 * applied, and are applied strictly in order, one transaction at a time. Whatever arrived while a transaction was
 * being written goes into the next one together (one fsync for all of it), and one receipt acknowledges it all: the
 * sender keeps several batches in flight, so a destination's disk and the network are busy at the same time.
 *
 * <p>A heartbeat is answered with the position once every batch before it is applied. The transport feeds messages
 * in and sends the answers {@link Replies} gets; it never blocks on the writes.
 */
public final class IncomingStream {
    private static final Logger LOG = Logger.getLogger(IncomingStream.class);

    /** Where the stream's answers go: text messages to the sender, and the end of the stream on an error. */
    public interface Replies {
        void send(String message);

        /** The stream cannot go on (a bad batch, the database closing): the transport closes it with the reason. */
        void fail(boolean badInput, String reason);
    }

    private final IncomingReplication incoming;
    private final DatabaseInstance database;
    private final String sourceDatabaseId;
    private final Replies replies;
    private final Executor executor;
    /** Told whenever {@link #queuedBytes()} changed: the transport stops reading while too much waits. */
    private final Runnable queuedBytesChanged;

    private final Object lock = new Object();
    /** Received and not yet applied: stream batches (byte[]) and heartbeats (HEARTBEAT), in arrival order. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private static final Object HEARTBEAT = new Object();
    private long queuedBytes;
    private boolean draining;
    private boolean failed;

    IncomingStream(IncomingReplication incoming, DatabaseInstance database, String sourceDatabaseId, Replies replies,
                   Executor executor, Runnable queuedBytesChanged) {
        this.incoming = incoming;
        this.database = database;
        this.sourceDatabaseId = sourceDatabaseId;
        this.replies = replies;
        this.executor = executor;
        this.queuedBytesChanged = queuedBytesChanged;
    }

    /** Bytes received and not applied yet. */
    public long queuedBytes() {
        synchronized (lock) {
            return queuedBytes;
        }
    }

    /** Starts the stream: the sender learns where to resume from. */
    void start() {
        heartbeat();
    }

    /** A stream batch as it arrived (the etag it ends at, then the batch). */
    public void batch(byte[] message) {
        enqueue(message, message.length);
    }

    public void heartbeat() {
        enqueue(HEARTBEAT, 0);
    }

    private void enqueue(Object message, long bytes) {
        boolean start;
        synchronized (lock) {
            if (failed) {
                return;
            }
            queue.add(message);
            queuedBytes += bytes;
            start = !draining;
            draining = true;
        }
        queuedBytesChanged.run();
        if (start) {
            executor.execute(this::drain);
        }
    }

    /** Applies what is queued until nothing is; runs on one executor thread at a time. */
    private void drain() {
        while (true) {
            List<byte[]> batches = new ArrayList<>();
            boolean heartbeat;
            synchronized (lock) {
                while (!queue.isEmpty() && queue.peek() != HEARTBEAT) {
                    byte[] batch = (byte[]) queue.poll();
                    queuedBytes -= batch.length;
                    batches.add(batch);
                }
                heartbeat = !queue.isEmpty() && queue.poll() == HEARTBEAT;
                if (batches.isEmpty() && !heartbeat) {
                    draining = false;
                    return;
                }
            }
            queuedBytesChanged.run();
            try {
                if (!batches.isEmpty()) {
                    apply(batches);
                }
                if (heartbeat) {
                    replies.send(ReplicationBatchCodec.streamMessage(ReplicationBatchCodec.STREAM_POSITION,
                            ReplicationBatchCodec.encode(incoming.position(database, sourceDatabaseId))));
                }
            } catch (IllegalArgumentException e) {
                stop(true, e.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.warnf("node=%s db=%s event=replication-stream-failed source=%s reason=%s", database.nodeTag(),
                        database.name(), sourceDatabaseId, e.toString());
                stop(false, e.getClass().getSimpleName() + ": " + e.getMessage());
                return;
            }
        }
    }

    /** The batches in one transaction, acknowledged by one receipt for the last of them. */
    private void apply(List<byte[]> messages) {
        List<ReplicatedItem> items = new ArrayList<>();
        Map<String, byte[]> attachments = new HashMap<>();
        long lastEtag = -1;
        for (byte[] message : messages) {
            long etag = ReplicationBatchCodec.streamBatchEtag(message);
            if (etag <= lastEtag) {
                throw new IllegalArgumentException("Stream batches must end at growing etags: " + etag + " after "
                        + lastEtag);
            }
            lastEtag = etag;
            JsonNode body;
            try {
                body = ReplicationBatchCodec.streamBatchBody(message);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("A replication stream batch is not JSON: " + e.getMessage());
            }
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException("A replication stream batch must be a JSON object");
            }
            ReplicationBatch batch = ReplicationBatchCodec.decode(body);
            items.addAll(batch.items());
            attachments.putAll(batch.attachments());
        }
        BatchReceipt receipt = incoming.receive(database, sourceDatabaseId, lastEtag,
                new ReplicationBatch(items, attachments));
        replies.send(ReplicationBatchCodec.streamMessage(ReplicationBatchCodec.STREAM_RECEIPT,
                ReplicationBatchCodec.encode(receipt)));
    }

    private void stop(boolean badInput, String reason) {
        synchronized (lock) {
            failed = true;
            queue.clear();
            queuedBytes = 0;
            draining = false;
        }
        replies.fail(badInput, reason);
    }

    /** The transport closed: what is queued is dropped (the sender re-sends it after its next handshake). */
    public void close() {
        synchronized (lock) {
            failed = true;
            queue.clear();
            queuedBytes = 0;
        }
    }
}
