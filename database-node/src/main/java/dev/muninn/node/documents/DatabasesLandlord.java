package dev.muninn.node.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseDoesNotExistException;
import dev.muninn.node.cluster.DatabaseNames;
import dev.muninn.node.cluster.DatabaseRecord;

/**
 * Opens the database instances whose records name this node (on first use) and closes them when the record goes
 * away, deleting their files when asked to. One instance per database, whatever the number of callers.
 */
public final class DatabasesLandlord implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DatabasesLandlord.class);

    private final java.util.function.Function<String, java.util.Optional<dev.muninn.node.storage.EncryptionKey>> keys;
    private final ClusterState cluster;
    private final Path databasesDir;
    private final boolean durableWrites;
    private final int maxOpsPerTransaction;
    private final Map<String, DatabaseInstance> open = new ConcurrentHashMap<>();
    private final java.util.List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, LoadFailure> loadFailures = new ConcurrentHashMap<>();
    static final long RETRY_OPEN_MILLIS = 5_000;

    /** Told when an instance opens and closes (metrics, later replication). */
    public interface Listener {
        void opened(DatabaseInstance instance);

        void closed(DatabaseInstance instance);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
        open.values().forEach(listener::opened);
    }

    public DatabasesLandlord(ClusterState cluster, Path databasesDir, boolean durableWrites, int maxOpsPerTransaction) {
        this(cluster, databasesDir, durableWrites, maxOpsPerTransaction, name -> java.util.Optional.empty());
    }

    /** @param keys the encryption key of a database on this node, if it has been put here */
    public DatabasesLandlord(ClusterState cluster, Path databasesDir, boolean durableWrites, int maxOpsPerTransaction,
                             java.util.function.Function<String, java.util.Optional<dev.muninn.node.storage.EncryptionKey>> keys) {
        this.keys = keys;
        this.cluster = cluster;
        this.databasesDir = databasesDir;
        this.durableWrites = durableWrites;
        this.maxOpsPerTransaction = maxOpsPerTransaction;
        cluster.onChange(this::apply);
    }

    /**
     * The instance serving {@code name} if it is open here, else null: for a hot path that hands every other case to
     * {@link #get(String)}, which opens it or says why it cannot.
     */
    public DatabaseInstance openOrNull(String name) {
        return open.get(DatabaseNames.key(name));
    }

    /** The instance serving {@code name} here; opens it if needed. */
    public DatabaseInstance get(String name) {
        DatabaseInstance instance = open.get(DatabaseNames.key(name));
        if (instance != null) {
            return instance;
        }
        DatabaseRecord record = cluster.record(name).orElseThrow(() -> new DatabaseDoesNotExistException(name));
        String me = cluster.nodeTag().orElse(null);
        if (me == null || !record.hostedOn(me)) {
            throw new DatabaseNotHostedException(record.name(), me, record.members());
        }
        if (record.disabled()) {
            throw new DatabaseUnavailableException("Database '" + record.name() + "' is disabled");
        }
        return open.computeIfAbsent(DatabaseNames.key(record.name()), key -> openInstance(record));
    }

    /** Opens every instance whose record names this node (at startup, so replication resumes at once). */
    public void openAllHosted() {
        String me = cluster.nodeTag().orElse(null);
        if (me == null) {
            return;
        }
        for (DatabaseRecord record : cluster.records()) {
            if (record.hostedOn(me) && !record.disabled()) {
                try {
                    get(record.name());
                } catch (RuntimeException e) {
                    // logged with its reason by openInstance; the supervisor hears of it in this node's report
                }
            }
        }
    }

    public boolean isOpen(String name) {
        return open.containsKey(DatabaseNames.key(name));
    }

    /** Why the last attempt to open this node's instance failed, or empty. */
    public java.util.Optional<String> loadFailure(String name) {
        LoadFailure failure = loadFailures.get(DatabaseNames.key(name));
        return failure == null ? java.util.Optional.empty() : java.util.Optional.of(failure.reason());
    }

    /**
     * Opens the instance if it is hosted here and not open, at most every {@value #RETRY_OPEN_MILLIS} ms after a
     * failure (the supervisor report calls this every sample: a fixed volume or disk brings the instance back).
     */
    public void retryOpen(String name) {
        LoadFailure failure = loadFailures.get(DatabaseNames.key(name));
        if (isOpen(name) || failure != null && System.currentTimeMillis() - failure.atMillis() < RETRY_OPEN_MILLIS) {
            return;
        }
        try {
            get(name);
        } catch (RuntimeException e) {
            // recorded by get(); the report says why
        }
    }

    /** Opens the instance now if it is hosted here, even right after a failure (its key just arrived). */
    public void retryOpenNow(String name) {
        loadFailures.remove(DatabaseNames.key(name));
        retryOpen(name);
    }

    private record LoadFailure(String reason, long atMillis) {
    }

    private DatabaseInstance openInstance(DatabaseRecord record) {
        long started = System.nanoTime();
        DatabaseInstance instance;
        try {
            instance = DatabaseInstance.open(record.name(), cluster.nodeTagOrUnknown(), directoryOf(record.name()),
                    durableWrites, maxOpsPerTransaction, keyOf(record));
        } catch (RuntimeException e) {
            String reason = reasonOf(e);
            loadFailures.put(DatabaseNames.key(record.name()), new LoadFailure(reason, System.currentTimeMillis()));
            LOG.errorf("node=%s db=%s event=database-open-failed reason=\"%s\"", cluster.nodeTagOrUnknown(),
                    record.name(), reason);
            throw new DatabaseUnavailableException("Database '" + record.name() + "' failed to load on node "
                    + cluster.nodeTagOrUnknown() + ": " + reason, e);
        }
        loadFailures.remove(DatabaseNames.key(record.name()));
        LOG.infof("node=%s db=%s event=database-opened etag=%d ms=%d", cluster.nodeTagOrUnknown(), record.name(),
                instance.lastEtag(), (System.nanoTime() - started) / 1_000_000);
        configure(instance, record);
        listeners.forEach(l -> l.opened(instance));
        return instance;
    }

    private static String reasonOf(RuntimeException e) {
        if (e instanceof dev.muninn.node.storage.EncryptionKey.WrongKeyException) {
            return "the encryption key does not open it: " + e.getMessage();
        }
        if (e instanceof MissingKeyException) {
            return e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static final class MissingKeyException extends RuntimeException {
        MissingKeyException(String message) {
            super(message);
        }
    }

    /** An encrypted database's key; without it the database cannot open here, and the reason says how to fix it. */
    private dev.muninn.node.storage.EncryptionKey keyOf(DatabaseRecord record) {
        if (!record.encrypted()) {
            return null;
        }
        return keys.apply(record.name()).orElseThrow(() -> new MissingKeyException("it is encrypted and its key is "
                + "not on node " + cluster.nodeTagOrUnknown() + ": put it with POST "
                + "/admin/secrets?name=" + record.name() + " on this node, or POST /admin/secrets/distribute"));
    }

    /** Applies the record's per-database settings the documents layer enforces (revisions). */
    private void configure(DatabaseInstance instance, DatabaseRecord record) {
        try {
            instance.configureRevisions(dev.muninn.node.documents.revisions.RevisionsConfiguration.from(
                    record.settings().get("Revisions")));
        } catch (IllegalArgumentException e) {
            LOG.errorf("node=%s db=%s event=revisions-configuration-invalid reason=%s", cluster.nodeTagOrUnknown(),
                    record.name(), e.getMessage());
        }
    }

    private Path directoryOf(String name) {
        return databasesDir.resolve(DatabaseNames.key(name));
    }

    private void apply(ClusterState.Change change) {
        if (change.kind() == ClusterState.ChangeKind.UPDATED) {
            DatabaseInstance instance = open.get(DatabaseNames.key(change.record().name()));
            if (instance != null) {
                configure(instance, change.record());
            }
            return;
        }
        if (change.kind() == ClusterState.ChangeKind.CREATED) {
            if (!change.record().disabled() && !isOpen(change.record().name())) {
                try {
                    // Inside computeIfAbsent: a request (or a restore) may open the new database between the check
                    // above and here, and moving its directory away under an open environment lost its writes
                    // ("Failed to rollback high address" once Xodus started its next log file in the moved path).
                    open.computeIfAbsent(DatabaseNames.key(change.record().name()), key -> {
                        prepareForCreate(change.record().name());
                        return openInstance(change.record());
                    });
                } catch (DatabaseUnavailableException e) {
                    // logged by openInstance; requests get the reason, and the supervisor's samples retry it
                }
            }
            return;
        }
        String name = change.record().name();
        DatabaseInstance instance = open.remove(DatabaseNames.key(name));
        if (instance != null) {
            listeners.forEach(l -> l.closed(instance));
            instance.close();
        }
        if (change.hardDelete()) {
            deleteRecursively(directoryOf(name));
        }
        LOG.infof("node=%s db=%s event=database-removed hardDelete=%s", cluster.nodeTagOrUnknown(), name,
                change.hardDelete());
    }

    /** A new database must not inherit files a soft delete left behind under the same name. */
    private void prepareForCreate(String name) {
        Path dir = directoryOf(name);
        if (Files.exists(dir)) {
            Path aside = databasesDir.resolve(DatabaseNames.key(name) + ".deleted-" + System.currentTimeMillis());
            try {
                Files.move(dir, aside);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        open.values().forEach(DatabaseInstance::close);
        open.clear();
    }
}
