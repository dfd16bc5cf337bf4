package dev.muninn.node.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.storage.DocumentsStorage;

/**
 * The documents a database commits, as the changes API tells them: after each commit the new entries of the etag
 * index are read (on one thread per feed, never the committing one) and handed to every subscriber in etag order.
 * Reading the index rather than hooking each write path means every kind of write is told (a session, a patch, bulk
 * insert, replication, expiration) and none twice. A feed reads only while it has subscribers.
 */
public final class DocumentChangesFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DocumentChangesFeed.class);

    /**
     * One document written ({@code Put}) or deleted ({@code Delete}); or, with a {@code counterName}, one of its
     * counters created ({@code Put}), incremented or deleted, with its total after the change.
     */
    public record Change(String type, String id, String collection, String changeVector, String counterName,
                         long counterValue) {
        public Change(String type, String id, String collection, String changeVector) {
            this(type, id, collection, changeVector, null, 0);
        }

        public boolean isCounter() {
            return counterName != null;
        }
    }

    private final DatabaseInstance database;
    private final Set<Consumer<List<Change>>> subscribers = ConcurrentHashMap.newKeySet();
    private final ExecutorService reader;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable onCommit = this::schedule;
    private volatile long published;

    public DocumentChangesFeed(DatabaseInstance database) {
        this.database = database;
        // One reader at a time, and no thread while the feed is idle (a feed lives as long as the node).
        this.reader = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("changes-" + database.name()));
        this.published = database.lastEtag();
        database.onCommit(onCommit);
    }

    public DatabaseInstance database() {
        return database;
    }

    /** From now on: a feed without subscribers did not read, so the first one starts at the last commit. */
    public synchronized void subscribe(Consumer<List<Change>> subscriber) {
        if (subscribers.isEmpty()) {
            published = database.lastEtag();
        }
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<List<Change>> subscriber) {
        subscribers.remove(subscriber);
    }

    /** No subscriber left. */
    public boolean idle() {
        return subscribers.isEmpty();
    }

    private void schedule() {
        if (!subscribers.isEmpty() && scheduled.compareAndSet(false, true)) {
            reader.execute(this::publish);
        }
    }

    private void publish() {
        scheduled.set(false);
        try {
            while (true) {
                long after = published;
                List<DocumentsStorage.Change> read = database.read(r -> r.changesAfter(after, 256));
                if (read.isEmpty()) {
                    return;
                }
                List<Change> changes = new ArrayList<>(read.size());
                for (DocumentsStorage.Change change : read) {
                    if (change.document() != null) {
                        changes.add(new Change("Put", change.document().id(), change.document().collection(),
                                change.document().changeVector()));
                    } else if (change.tombstone() != null) {
                        changes.add(new Change("Delete", change.tombstone().id(), change.tombstone().collection(),
                                change.tombstone().changeVector()));
                    } else if (change.counters() != null) {
                        var record = change.counters();
                        var group = dev.muninn.node.documents.counters.CounterGroup.parse(record.body());
                        group.changes().forEach((name, type) -> changes.add(new Change(type.name(), record.id(),
                                record.collection(), record.changeVector(), name, group.value(name).orElse(0))));
                    }
                }
                published = read.get(read.size() - 1).etag();
                if (!changes.isEmpty()) {
                    subscribers.forEach(subscriber -> subscriber.accept(changes));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("db=%s event=changes-feed-failed reason=\"%s\"", database.name(), e.toString());
        }
    }

    @Override
    public void close() {
        database.removeCommitListener(onCommit);
        reader.shutdownNow();
    }
}
