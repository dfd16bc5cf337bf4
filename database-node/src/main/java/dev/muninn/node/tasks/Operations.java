package dev.muninn.node.tasks;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.documents.Json;

/**
 * Long-running operations of this node (backups, restores, patches and deletes by query), as the client's {@code Operation.waitForCompletion}
 * polls them: {@code InProgress}, then {@code Completed} with a result or {@code Faulted} with the error. A failure
 * is always reported, never swallowed. The last {@value #KEPT} finished operations are kept.
 */
public final class Operations implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Operations.class);
    static final int KEPT = 1000;

    /** What a running operation reports while it works, and how it learns it was asked to stop. */
    public interface Progress {
        void update(ObjectNode progress);

        /** Whether the operation was killed; work that can stop checks this between steps and throws Canceled. */
        default boolean canceled() {
            return false;
        }
    }

    /** Thrown by work that stopped because it was killed: its state becomes Canceled, not Faulted. */
    public static final class CanceledException extends RuntimeException {
        public CanceledException() {
            super("The operation was canceled");
        }
    }

    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);
    private final Map<Long, ObjectNode> states = new ConcurrentHashMap<>();
    /** The database each operation works on (absent: a server-level one): a database's route sees only its own. */
    private final Map<Long, String> databases = new ConcurrentHashMap<>();
    private final java.util.Set<Long> killed = ConcurrentHashMap.newKeySet();
    private final java.util.Set<StateListener> listeners = ConcurrentHashMap.newKeySet();

    /** Told each state an operation of a database goes through (progress, then how it ended): the changes API. */
    public interface StateListener {
        void changed(String database, long id, ObjectNode state);
    }

    public void listen(StateListener listener) {
        listeners.add(listener);
    }

    public void stopListening(StateListener listener) {
        listeners.remove(listener);
    }

    private void tell(long id, ObjectNode state) {
        String database = databases.get(id);
        if (database == null || listeners.isEmpty()) {
            return;
        }
        for (StateListener listener : listeners) {
            try {
                listener.changed(database, id, state);
            } catch (RuntimeException e) {
                LOG.debugf("event=operation-listener-failed id=%d reason=\"%s\"", id, e.toString());
            }
        }
    }
    private final ExecutorService workers = Executors.newCachedThreadPool(DaemonThreads.named("operation"));

    /** Starts {@code work} in the background and returns its id; its result becomes the state's Result. */
    public long start(String description, Function<Progress, ObjectNode> work) {
        return start(null, description, work);
    }

    /** As {@link #start(String, Function)}, for an operation on {@code database}. */
    public long start(String database, String description, Function<Progress, ObjectNode> work) {
        Tracked tracked = track(nextId(), database, description);
        workers.execute(() -> tracked.run(work));
        return tracked.id;
    }

    /** An id for an operation that starts later (the client asks for a bulk insert's id before it streams). */
    public long nextId() {
        return ids.incrementAndGet();
    }

    /** Follows operation {@code id} on {@code database} (null: a server-level one), in progress from now. */
    public Tracked track(long id, String database, String description) {
        if (database != null) {
            databases.put(id, database.toLowerCase(java.util.Locale.ROOT));
        }
        ObjectNode state = Json.object();
        state.put("Status", "InProgress");
        state.putNull("Result");
        state.putNull("Progress");
        states.put(id, state);
        return new Tracked(id, description);
    }

    /** One operation being followed: its progress, whether it was killed, and how it ended. */
    public final class Tracked implements Progress {
        private final long id;
        private final String description;

        private Tracked(long id, String description) {
            this.id = id;
            this.description = description;
        }

        public long id() {
            return id;
        }

        @Override
        public void update(ObjectNode progress) {
            ObjectNode updated = states.computeIfPresent(id, (k, s) -> {
                ObjectNode next = s.deepCopy();
                next.set("Progress", progress);
                return next;
            });
            if (updated != null) {
                tell(id, updated);
            }
        }

        @Override
        public boolean canceled() {
            return killed.contains(id);
        }

        /** Runs {@code work} here and records how it ended. */
        void run(Function<Progress, ObjectNode> work) {
            try {
                completed(work.apply(this));
            } catch (CanceledException e) {
                canceledNow();
            } catch (RuntimeException e) {
                faulted(e);
            }
        }

        public void completed(ObjectNode result) {
            ObjectNode done = Json.object();
            done.put("Status", "Completed");
            done.set("Result", result);
            done.putNull("Progress");
            finish(done);
            LOG.infof("event=operation-completed id=%d operation=\"%s\"", id, description);
        }

        public void canceledNow() {
            ObjectNode canceled = Json.object();
            canceled.put("Status", "Canceled");
            canceled.putNull("Result");
            canceled.putNull("Progress");
            finish(canceled);
            LOG.infof("event=operation-canceled id=%d operation=\"%s\"", id, description);
        }

        public void faulted(RuntimeException e) {
            ObjectNode failed = Json.object();
            failed.put("Status", "Faulted");
            ObjectNode error = failed.putObject("Result");
            // The client rebuilds the exception from Type and Message (OperationExceptionResult); a bulk insert
            // recognises such a result by its $type.
            error.put("$type", "Raven.Client.Documents.Operations.OperationExceptionResult, Raven.Client");
            error.put("Type", "Raven.Client.Exceptions.RavenException");
            error.put("Message", e.getMessage() == null ? e.toString() : e.getMessage());
            error.put("Error", e.toString());
            error.put("StatusCode", 500);
            failed.putNull("Progress");
            finish(failed);
            LOG.warnf("event=operation-faulted id=%d operation=\"%s\" reason=\"%s\"", id, description, e.toString());
        }

        private void finish(ObjectNode state) {
            states.put(id, state);
            killed.remove(id);
            tell(id, state);
            forgetOld();
        }
    }

    /**
     * Asks operation {@code id} on {@code database} (null: any) to stop; false when there is no such operation in
     * progress. Work that cannot stop part-way (a backup) runs to its end.
     */
    public boolean kill(long id, String database) {
        ObjectNode state = states.get(id);
        if (state == null || !"InProgress".equals(state.path("Status").asText())
                || database != null && !database.toLowerCase(java.util.Locale.ROOT).equals(databases.get(id))) {
            return false;
        }
        killed.add(id);
        return true;
    }

    public Optional<ObjectNode> state(long id) {
        return Optional.ofNullable(states.get(id));
    }

    /** The state of an operation on {@code database}; empty for another database's or a server-level one. */
    public Optional<ObjectNode> state(long id, String database) {
        return database.toLowerCase(java.util.Locale.ROOT).equals(databases.get(id)) ? state(id) : Optional.empty();
    }

    private void forgetOld() {
        if (states.size() > KEPT) {
            states.keySet().stream().sorted().limit(states.size() - KEPT)
                    .filter(id -> !"InProgress".equals(states.get(id).path("Status").asText()))
                    .forEach(id -> {
                        states.remove(id);
                        databases.remove(id);
                        killed.remove(id);
                    });
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
