package dev.muninn.node.replication.outgoing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

import org.jboss.logging.Logger;


import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.replication.BatchReceipt;
import dev.muninn.node.replication.ReplicationBatchCodec;
import dev.muninn.node.replication.ReplicationPosition;
import dev.muninn.node.storage.DocumentsStorage.Change;

/**
 * Sends one database's changes to one other member of its group: asks where the destination stands, then ships
 * batches of changes after that etag (never splitting a transaction), waking on every local commit, backing off
 * while the destination is unreachable. The destination applies each batch atomically with its position.
 *
 * <p>When there is nothing to send for {@link #HEARTBEAT}, the sender asks the destination for its position again:
 * a heartbeat that notices a lost connection before the next write needs it, and that re-sends from the
 * destination's own position should it have fallen behind what was acknowledged (its copy was restored or recreated).
 */
final class ReplicationSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplicationSender.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** A destination that acknowledges nothing for this long while batches wait is given up on and reconnected. */
    static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(30);

    /** A batch waiting for its receipt: its last etag, size, and when it was sent (-1: not sent, nothing needed). */
    private record InFlight(long lastEtag, int items, int bytes, long sentNanos) {
    }

    private final DatabaseInstance database;
    private final Destination destination;
    private final String destinationTag;
    /** Which of the destination's URLs is tried now: the next one after a failure. */
    private volatile int urlIndex;
    private final HttpClient http;
    private final Runnable acknowledgements;
    private final Thread thread;
    private final Object wakeUp = new Object();
    private final Runnable onCommit = this::wake;
    private volatile boolean running = true;
    /** The last local etag the destination holds (for write assurance); moves with receipts. */
    private volatile long acknowledged = -1;
    /** The last local etag read and sent (or found not needed): the next batch starts after it. */
    private volatile long sent = -1;
    /** Batches sent and not acknowledged yet, in etag order (and ranges not needed, behind them). */
    private final ArrayDeque<InFlight> pending = new ArrayDeque<>();
    private volatile DestinationLink link;
    /** Set by a receipt, so that the sender does not sleep through one that arrived while it was busy. */
    private boolean receiptArrived;
    /** The position the destination itself holds for us (it only moves with batches actually sent). */
    private volatile long confirmed = -1;
    private volatile long lastContactNanos = System.nanoTime();
    private volatile boolean everConnected;
    private volatile String lastError;
    /** The destination's database id, from the handshake: versions only it wrote are not sent back to it. */
    private volatile String destinationDatabaseId = "";
    /** What the destination has seen (its database change vector), from its position and receipts. */
    private volatile ChangeVector destinationVector = ChangeVector.EMPTY;
    private volatile boolean destinationTakesCounters;
    private volatile boolean heldForCounters;

    private final int batchItems;
    private final ReplicationStats stats;

    /**
     * Where a sender sends: a member of the group (one URL, same database name) or, for external replication, a
     * database of another cluster reached through any of its nodes' URLs.
     */
    record Destination(String tag, List<String> urls, String database) {
        Destination {
            urls = List.copyOf(urls);
        }

        static Destination member(String tag, String url, String database) {
            return new Destination(tag, List.of(url), database);
        }
    }

    ReplicationSender(DatabaseInstance database, Destination destination, HttpClient http,
                      int batchItems, ReplicationStats stats, Runnable acknowledgements) {
        this.batchItems = batchItems;
        this.stats = stats;
        this.database = database;
        this.acknowledgements = acknowledgements;
        this.destination = destination;
        this.destinationTag = destination.tag();
        this.http = http;
        database.onCommit(onCommit);
        this.thread = DaemonThreads.of(this::run,
                "replication-" + database.name() + "-to-" + destinationTag);
        this.thread.start();
    }

    Destination destination() {
        return destination;
    }

    private String destinationUrl() {
        return destination.urls().get(urlIndex % destination.urls().size());
    }

    /** The last local etag the destination confirmed (-1 before the first handshake). */
    long acknowledgedEtag() {
        return acknowledged;
    }

    OutgoingConnection status() {
        return new OutgoingConnection(destinationTag, destinationUrl(), acknowledged, acknowledged >= 0,
                everConnected ? (System.nanoTime() - lastContactNanos) / 1_000_000 : -1, lastError, transport());
    }

    private String transport() {
        DestinationLink current = link;
        return current instanceof StreamLink ? "stream" : current instanceof RequestLink ? "requests" : "";
    }

    private void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try {
                if (link == null) {
                    connect();
                }
                if (link.failure() != null) {
                    throw new IOException(link.failure());
                }
                if (inFlight() < link.window() && sendNext()) {
                    backoff = 100;
                    continue;
                }
                long idleNanos = System.nanoTime() - lastContactNanos;
                if (inFlight() == 0 && idleNanos >= HEARTBEAT.toNanos()) {
                    heartbeat();
                    continue;
                }
                if (inFlight() > 0 && idleNanos >= RECEIPT_TIMEOUT.toNanos()) {
                    throw new IOException("no receipt from the destination in " + RECEIPT_TIMEOUT.toSeconds() + " s");
                }
                synchronized (wakeUp) {
                    boolean windowFull = inFlight() >= link.window();
                    if ((windowFull || database.lastEtag() <= sent) && link.failure() == null && running
                            && !receiptArrived) {
                        wakeUp.wait(Math.max(1, (HEARTBEAT.toNanos() - idleNanos) / 1_000_000));
                    }
                    receiptArrived = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (acknowledged >= 0) {
                    LOG.warnf("node=%s db=%s event=replication-disconnected to=%s reason=%s", database.nodeTag(),
                            database.name(), destinationTag, e.getMessage());
                }
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                stats.failed();
                disconnect();
                urlIndex++; // another node of the destination, if it has several
                sleep(backoff);
                backoff = Math.min(2_000, backoff * 2);
            }
        }
        disconnect();
    }

    /** Opens a link (the stream, or requests if the destination has none) and learns where the destination stands. */
    private void connect() throws IOException, InterruptedException {
        String databaseUrl = destinationUrl() + "/databases/" + destination.database();
        DestinationLink opened;
        try {
            opened = StreamLink.open(http, databaseUrl, database.databaseId(), this::received, this::wake);
        } catch (StreamLink.NoStream e) {
            opened = new RequestLink(http, databaseUrl, database.databaseId(), this::received);
        }
        link = opened;
        ReplicationPosition position = link.position();
        destinationDatabaseId = position.databaseId();
        destinationTakesCounters = position.takesCounters();
        destinationVector = ChangeVector.parse(position.databaseChangeVector());
        synchronized (pending) {
            pending.clear();
            acknowledged = position.lastEtag();
        }
        sent = position.lastEtag();
        confirmed = position.lastEtag();
        contacted();
        LOG.infof("node=%s db=%s event=replication-connected to=%s from-etag=%d transport=%s", database.nodeTag(),
                database.name(), destinationTag, acknowledged, transport());
    }

    private void disconnect() {
        DestinationLink closing = link;
        link = null;
        if (closing != null) {
            closing.close();
        }
        synchronized (pending) {
            pending.clear();
            acknowledged = -1;
        }
    }

    /** Reads and sends the next batch after what was sent; false when there is none. */
    private boolean sendNext() throws IOException, InterruptedException {
        long from = sent;
        List<Change> changes = database.read(r -> r.changesAfter(from, batchItems));
        if (changes.isEmpty()) {
            return false;
        }
        long last = changes.get(changes.size() - 1).etag();
        List<Change> needed = changes.stream().filter(change -> !knownByDestination(change)).toList();
        if (!destinationTakesCounters && needed.stream().anyMatch(change -> change.counters() != null)) {
            // A node from before counters would pass them by and acknowledge the batch: they would never reach it.
            // Held here (with what follows) until it is upgraded and says it takes them.
            if (!heldForCounters) {
                heldForCounters = true;
                LOG.warnf("node=%s db=%s event=replication-held to=%s at-etag=%d reason=\"the destination does not "
                        + "take counters: upgrade it\"", database.nodeTag(), database.name(), destinationTag, from);
            }
            return false;
        }
        heldForCounters = false;
        if (needed.isEmpty()) {
            // Nothing the destination lacks: acknowledged as soon as every batch before it is.
            synchronized (pending) {
                if (pending.isEmpty()) {
                    acknowledged = last;
                } else {
                    pending.add(new InFlight(last, 0, 0, -1));
                }
            }
            sent = last;
            acknowledgements.run();
            return true;
        }
        byte[] body = ReplicationBatchCodec.encode(needed, hash -> database.read(r -> r.attachmentContent(hash)));
        synchronized (pending) {
            pending.add(new InFlight(last, needed.size(), body.length, System.nanoTime()));
        }
        sent = last;
        link.send(body, last);
        return true;
    }

    private int inFlight() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /**
     * A receipt: the destination holds every batch up to its etag (one receipt may cover several batches, applied
     * in one transaction), and the ranges it needed nothing from right after them.
     */
    private void received(BatchReceipt receipt) {
        long now = System.nanoTime();
        synchronized (pending) {
            while (!pending.isEmpty() && pending.peek().lastEtag() <= receipt.lastEtag()) {
                InFlight batch = pending.poll();
                if (batch.sentNanos() >= 0) {
                    stats.batchSent(batch.items(), batch.bytes(), now - batch.sentNanos());
                }
            }
            acknowledged = Math.max(acknowledged, receipt.lastEtag());
            while (!pending.isEmpty() && pending.peek().sentNanos() < 0) {
                acknowledged = pending.poll().lastEtag();
            }
        }
        if (receipt.positionStored()) {
            confirmed = Math.max(confirmed, receipt.lastEtag());
        }
        if (!receipt.databaseChangeVector().isEmpty()) {
            destinationVector = ChangeVector.parse(receipt.databaseChangeVector());
        }
        contacted();
        acknowledgements.run();
        synchronized (wakeUp) {
            receiptArrived = true;
            wakeUp.notifyAll();
        }
    }

    private void contacted() {
        lastContactNanos = System.nanoTime();
        everConnected = true;
        lastError = null;
    }

    private void heartbeat() throws IOException, InterruptedException {
        ReplicationPosition answer = link.position();
        destinationVector = ChangeVector.parse(answer.databaseChangeVector());
        destinationTakesCounters = answer.takesCounters();
        long position = answer.lastEtag();
        contacted();
        if (position < confirmed) {
            LOG.warnf("node=%s db=%s event=replication-destination-behind to=%s acknowledged=%d position=%d "
                    + "action=resend", database.nodeTag(), database.name(), destinationTag, acknowledged, position);
            synchronized (pending) {
                acknowledged = position;
            }
            sent = position;
        }
        confirmed = position;
    }

    /**
     * True when the destination has this version already, so it is not sent: a version whose change vector its database
     * change vector covers (it applied this version or a newer one, from the origin or forwarded by another member), or
     * one it wrote itself (every entry is its own; otherwise every write would return to its origin from each other
     * member). What the destination has seen is safe to go by because every sender sends in its own etag order, which
     * keeps each origin's order: a destination that applied an origin's etag N got everything that origin wrote
     * before N first, in this version or a newer one. Forwarded copies the destination gets from the origin anyway
     * are skipped when its vector arrived first; the rest it recognises without a write (IncomingReplication).
     */
    private boolean knownByDestination(Change change) {
        String changeVector = change.document() != null ? change.document().changeVector()
                : change.tombstone() != null ? change.tombstone().changeVector()
                : change.revision() != null ? change.revision().changeVector() : change.counters().changeVector();
        ChangeVector version = ChangeVector.parse(changeVector);
        ChangeVector.Order order = version.compareTo(destinationVector);
        // Not for counters: a member's counters are a merge of states whose vector is a union, so a destination
        // that saw each origin's writes up to those etags may still lack a contribution merged in on the way; it
        // merges what it has already without a write.
        if (change.counters() == null && (order == ChangeVector.Order.OLDER || order == ChangeVector.Order.EQUAL)) {
            return true;
        }
        String own = destinationDatabaseId;
        if (own.isEmpty()) {
            return false;
        }
        for (var entry : version.entries()) {
            if (!entry.databaseId().equals(own)) {
                return false;
            }
        }
        return true;
    }

    private void sleep(long millis) {
        synchronized (wakeUp) {
            try {
                wakeUp.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        database.removeCommitListener(onCommit);
        wake();
        thread.interrupt();
    }
}
