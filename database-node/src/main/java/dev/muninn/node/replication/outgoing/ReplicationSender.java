package dev.muninn.node.replication.outgoing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;


import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;
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
    private volatile long acknowledged = -1;
    /** The position the destination itself holds for us (it only moves with batches actually sent). */
    private volatile long confirmed = -1;
    private volatile long lastContactNanos = System.nanoTime();
    private volatile boolean everConnected;
    private volatile String lastError;
    /** The destination's database id, from the handshake: versions only it wrote are not sent back to it. */
    private volatile String destinationDatabaseId = "";

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
        this.thread = new Thread(this::run, "replication-" + database.name() + "-to-" + destinationTag);
        this.thread.setDaemon(true);
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
                everConnected ? (System.nanoTime() - lastContactNanos) / 1_000_000 : -1, lastError);
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
                if (acknowledged < 0) {
                    acknowledged = fetchPosition();
                    confirmed = acknowledged;
                    contacted();
                    LOG.infof("node=%s db=%s event=replication-connected to=%s from-etag=%d", database.nodeTag(),
                            database.name(), destinationTag, acknowledged);
                }
                long from = acknowledged;
                List<Change> changes = database.read(r -> r.changesAfter(from, batchItems));
                if (changes.isEmpty()) {
                    long idleNanos = System.nanoTime() - lastContactNanos;
                    if (idleNanos >= HEARTBEAT.toNanos()) {
                        heartbeat();
                        continue;
                    }
                    synchronized (wakeUp) {
                        if (database.lastEtag() <= acknowledged && running) {
                            wakeUp.wait(Math.max(1, (HEARTBEAT.toNanos() - idleNanos) / 1_000_000));
                        }
                    }
                    continue;
                }
                long last = changes.get(changes.size() - 1).etag();
                List<Change> needed = changes.stream().filter(change -> !knownByDestination(change)).toList();
                if (!needed.isEmpty()) {
                    if (send(needed, last)) {
                        confirmed = last;
                    }
                    contacted();
                }
                acknowledged = last;
                acknowledgements.run();
                backoff = 100;
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
                acknowledged = -1;
                urlIndex++; // another node of the destination, if it has several
                sleep(backoff);
                backoff = Math.min(2_000, backoff * 2);
            }
        }
    }

    private void contacted() {
        lastContactNanos = System.nanoTime();
        everConnected = true;
        lastError = null;
    }

    private void heartbeat() throws IOException, InterruptedException {
        long position = fetchPosition();
        contacted();
        if (position < confirmed) {
            LOG.warnf("node=%s db=%s event=replication-destination-behind to=%s acknowledged=%d position=%d "
                    + "action=resend", database.nodeTag(), database.name(), destinationTag, acknowledged, position);
            acknowledged = position;
        }
        confirmed = position;
    }

    private long fetchPosition() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(destinationUrl() + "/databases/"
                        + destination.database() + "/replication/last-etag?source=" + database.databaseId()))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(destinationTag + " answered " + response.statusCode());
        }
        ReplicationPosition position = ReplicationBatchCodec.decodePosition(Json.MAPPER.readTree(response.body()));
        destinationDatabaseId = position.databaseId();
        return position.lastEtag();
    }

    /**
     * True when the destination wrote this version itself: every entry of its change vector is the destination's
     * own. Such versions are not sent back (otherwise every write would return to its origin from each other
     * member). Versions that passed through other members are always sent: the destination's database change vector
     * says which etags it has seen, not that it holds every document version below them (versions can arrive out
     * of their origin's order when forwarded), so it cannot safely prove more.
     */
    private boolean knownByDestination(Change change) {
        String own = destinationDatabaseId;
        if (own.isEmpty()) {
            return false;
        }
        String changeVector = change.document() != null ? change.document().changeVector()
                : change.tombstone() != null ? change.tombstone().changeVector() : change.revision().changeVector();
        for (var entry : dev.muninn.node.documents.ChangeVector.parse(changeVector).entries()) {
            if (!entry.databaseId().equals(own)) {
                return false;
            }
        }
        return true;
    }

    /** Sends a batch; true when the destination stored its new position (false: it had everything already). */
    private boolean send(List<Change> changes, long lastEtag) throws IOException, InterruptedException {
        long started = System.nanoTime();
        byte[] body = ReplicationBatchCodec.encode(changes, hash -> database.read(r -> r.attachmentContent(hash)));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(destinationUrl() + "/databases/"
                        + destination.database() + "/replication/batch?source=" + database.databaseId() + "&lastEtag="
                        + lastEtag))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(destinationTag + " refused the batch: " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        stats.batchSent(changes.size(), body.length, System.nanoTime() - started);
        return ReplicationBatchCodec.decodeReceipt(Json.MAPPER.readTree(response.body())).positionStored();
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
