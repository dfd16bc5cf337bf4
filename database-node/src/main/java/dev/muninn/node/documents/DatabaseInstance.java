package dev.muninn.node.documents;

import java.util.concurrent.CompletableFuture;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import dev.muninn.node.storage.DocumentsStorage;
import dev.muninn.node.storage.StorageEnvironment;
import jetbrains.exodus.env.Transaction;

/**
 * One database on this node: its storage, its merger, its identity. Reads run in Xodus snapshot transactions
 * and never wait for writes; writes go through the merger.
 */
public final class DatabaseInstance implements AutoCloseable {
    private static final String DATABASE_ID = "database-id";

    private final String name;
    private final String nodeTag;
    private final StorageEnvironment environment;
    /** The key its files are encrypted with (backups are encrypted with it too), or null. */
    private final dev.muninn.node.storage.EncryptionKey encryptionKey;
    private final DocumentsStorage storage;
    private final String databaseId;
    private final TransactionMerger merger;
    private final java.util.List<Runnable> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object commitSignal = new Object();
    /** Completed by the next commit and replaced: asynchronous waiters hang on it without holding a thread. */
    private volatile CompletableFuture<Void> nextCommit = new CompletableFuture<>();
    private volatile long lastEtag;
    private volatile ChangeVector databaseChangeVector;
    private volatile dev.muninn.node.documents.revisions.RevisionsConfiguration revisions =
            dev.muninn.node.documents.revisions.RevisionsConfiguration.NONE;

    private DatabaseInstance(String name, String nodeTag, StorageEnvironment environment, int maxOpsPerTransaction,
                             dev.muninn.node.storage.EncryptionKey encryptionKey) {
        this.encryptionKey = encryptionKey;
        this.name = name;
        this.nodeTag = nodeTag;
        this.environment = environment;
        this.storage = new DocumentsStorage(environment, MetadataDates.EXPIRES, MetadataDates.REFRESH);
        this.databaseId = environment.write(txn -> storage.metaString(txn, DATABASE_ID).orElseGet(() -> {
            String id = newDatabaseId();
            storage.putMetaString(txn, DATABASE_ID, id);
            return id;
        }));
        environment.read(txn -> {
            lastEtag = storage.metaLong(txn, WriteContext.LAST_ETAG);
            databaseChangeVector = ChangeVector.parse(
                    storage.metaString(txn, WriteContext.DATABASE_CHANGE_VECTOR).orElse(""));
            return null;
        });
        WriteContextFactory contexts = new WriteContextFactory(storage, nodeTag, databaseId,
                new WriteContextFactory.Listener() {
                    @Override
                    public void committed(long etag, ChangeVector cv) {
                        lastEtag = etag;
                        databaseChangeVector = cv;
                        commitListeners.forEach(Runnable::run);
                        synchronized (commitSignal) {
                            commitSignal.notifyAll();
                        }
                        CompletableFuture<Void> committed = nextCommit;
                        nextCommit = new CompletableFuture<>();
                        committed.complete(null);
                    }

                    @Override
                    public long lastEtag() {
                        return lastEtag;
                    }

                    @Override
                    public ChangeVector databaseChangeVector() {
                        return databaseChangeVector;
                    }

                    @Override
                    public dev.muninn.node.documents.revisions.RevisionsConfiguration revisions() {
                        return revisions;
                    }
                });
        this.merger = new TransactionMerger(name, contexts, maxOpsPerTransaction);
    }

    public static DatabaseInstance open(String name, String nodeTag, Path directory, boolean durableWrites,
                                        int maxOpsPerTransaction) {
        return open(name, nodeTag, directory, durableWrites, maxOpsPerTransaction, null);
    }

    /** @param key the database's encryption key, or null for a database that is not encrypted */
    public static DatabaseInstance open(String name, String nodeTag, Path directory, boolean durableWrites,
                                        int maxOpsPerTransaction, dev.muninn.node.storage.EncryptionKey key) {
        StorageEnvironment environment = new StorageEnvironment(directory, durableWrites, key);
        try {
            return new DatabaseInstance(name, nodeTag, environment, maxOpsPerTransaction, key);
        } catch (RuntimeException e) {
            environment.close();
            throw e;
        }
    }

    /** The key this database's files are encrypted with; empty when it is not encrypted. */
    public java.util.Optional<dev.muninn.node.storage.EncryptionKey> encryptionKey() {
        return java.util.Optional.ofNullable(encryptionKey);
    }

    /** 22 characters of URL-safe base64 from a random UUID, the shape of RavenDB's database ids. */
    private static String newDatabaseId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** Applies the record's revisions configuration to writes from now on. */
    public void configureRevisions(dev.muninn.node.documents.revisions.RevisionsConfiguration configuration) {
        this.revisions = configuration;
    }

    public String name() {
        return name;
    }

    public String nodeTag() {
        return nodeTag;
    }

    public String databaseId() {
        return databaseId;
    }

    public long lastEtag() {
        return lastEtag;
    }

    public ChangeVector databaseChangeVector() {
        return databaseChangeVector;
    }

    /**
     * Waits until {@code condition} (read after each commit) holds, up to {@code timeout}; true when it does. For
     * callers that wait on what commits change without polling.
     */
    public boolean awaitCommitted(java.util.function.BooleanSupplier condition, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (commitSignal) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(commitSignal, left);
            }
            return true;
        }
    }

    /**
     * Like {@link #awaitCommitted} without holding a thread while waiting (long polls, issue 15): completes with true
     * once {@code condition} holds after some commit, or with false after {@code timeout}. The condition is checked
     * on {@code executor}, not on the committing thread.
     */
    public CompletableFuture<Boolean> whenCommitted(java.util.function.BooleanSupplier condition,
                                                    java.time.Duration timeout, java.util.concurrent.Executor executor) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(Math.max(0, timeout.toNanos()), java.util.concurrent.TimeUnit.NANOSECONDS,
                executor).execute(() -> result.complete(false));
        checkAfterCommits(condition, result, executor);
        return result;
    }

    private void checkAfterCommits(java.util.function.BooleanSupplier condition, CompletableFuture<Boolean> result,
                                   java.util.concurrent.Executor executor) {
        if (result.isDone()) {
            return;
        }
        // Taken before the check: a commit between the check and the subscription still wakes this waiter.
        CompletableFuture<Void> next = nextCommit;
        try {
            if (condition.getAsBoolean()) {
                result.complete(true);
                return;
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        next.thenRunAsync(() -> checkAfterCommits(condition, result, executor), executor);
    }

    /** Runs after every commit (on the committing thread: keep it short, e.g. wake a replication sender). */
    public void onCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    public void removeCommitListener(Runnable listener) {
        commitListeners.remove(listener);
    }

    public TransactionMerger merger() {
        return merger;
    }

    /** Where this instance's files are. */
    public java.nio.file.Path directory() {
        return environment.directory();
    }

    /** A consistent copy of this instance's storage while writes go on (a snapshot backup). */
    public long snapshotTo(java.util.zip.ZipOutputStream zip) throws java.io.IOException {
        return environment.snapshotTo(zip);
    }

    public long diskUsageBytes() {
        return environment.diskUsageBytes();
    }

    /** Runs a write through the merger and waits until it is durable; rethrows the operation's own exception. */
    public <R> R write(WriteOperation<R> operation) {
        try {
            return merger.execute(operation);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new DatabaseUnavailableException("Write failed in database '" + name + "'", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("Interrupted while writing to '" + name + "'", e);
        }
    }

    public <T> T read(Function<DocumentReader, T> reader) {
        return environment.read(txn -> reader.apply(new DocumentReader(storage, txn)));
    }

    public Optional<Document> get(String id) {
        return read(r -> r.get(id));
    }

    @Override
    public void close() {
        merger.close();
        environment.close();
    }

    /** Read access inside one snapshot. */
    public static final class DocumentReader {
        private final DocumentsStorage storage;
        private final Transaction txn;

        DocumentReader(DocumentsStorage storage, Transaction txn) {
            this.storage = storage;
            this.txn = txn;
        }

        /**
         * The storage under this reader, for reads that belong to another layer (replication's live in
         * replication.incoming: documents must not depend on replication, see LayeringTest). Read in
         * {@link #transaction()}, as writers use {@link WriteContext#storage()}.
         */
        public DocumentsStorage storage() {
            return storage;
        }

        /** The snapshot this reader reads in (read-only; it ends with the read). */
        public Transaction transaction() {
            return txn;
        }

        /** The document; throws {@link DocumentConflictException} while it is in conflict. */
        public Optional<Document> get(String id) {
            Optional<Document> doc = storage.get(txn, id).map(Document::of);
            if (doc.isEmpty()) {
                var conflicts = storage.conflictsOf(txn, id);
                if (!conflicts.isEmpty()) {
                    throw new DocumentConflictException(conflicts.get(0).id(), storage.metaLong(txn,
                            WriteContext.LAST_ETAG));
                }
            }
            return doc;
        }

        public java.util.List<Document> conflictsOf(String id) {
            return storage.conflictsOf(txn, id).stream().map(Document::of).toList();
        }

        /** The Raft index of the last cluster-wide transaction applied here (0: none). */
        public long lastClusterTransactionIndex() {
            return storage.metaLong(txn, WriteContext.LAST_CLUSTER_TRANSACTION);
        }

        public java.util.List<dev.muninn.node.storage.DocumentsStorage.Change> changesAfter(long etag, int minItems) {
            return storage.changesAfter(txn, etag, minItems);
        }

        public java.util.List<dev.muninn.node.storage.DocumentsStorage.ConflictedId> conflictedIds(
                int start, int pageSize, java.util.concurrent.atomic.AtomicLong total) {
            return storage.conflictedIds(txn, start, pageSize, total);
        }

        /** An attachment of a document and its bytes; empty when either is missing. */
        public Optional<java.util.Map.Entry<dev.muninn.node.documents.attachments.AttachmentInfo, byte[]>> attachment(
                String documentId, String name) {
            return storage.get(txn, documentId)
                    .flatMap(doc -> dev.muninn.node.documents.attachments.Attachments.find(doc, name))
                    .flatMap(info -> storage.attachmentContent(txn, info.hash()).map(bytes -> java.util.Map.entry(info,
                            bytes)));
        }

        public Optional<byte[]> attachmentContent(String hash) {
            return storage.attachmentContent(txn, hash);
        }

        public boolean hasAttachmentContent(String hash) {
            return storage.hasAttachmentContent(txn, hash);
        }

        /** The revisions of {@code id}, oldest first. */
        public java.util.List<Document> revisionsOf(String id) {
            return storage.revisionsOf(txn, id).stream().map(Document::of).toList();
        }

        public Optional<Document> revisionByChangeVector(String changeVector) {
            return storage.revisionByChangeVector(txn, changeVector).map(Document::of);
        }

        public long countRevisions() {
            return storage.countRevisions(txn);
        }

        public long countConflicts() {
            return storage.countConflicts(txn);
        }

        public void scanCollection(String collection, java.util.function.Predicate<Document> visitor) {
            storage.scanCollection(txn, collection, stored -> visitor.test(Document.of(stored)));
        }

        public void scanAll(java.util.function.Predicate<Document> visitor) {
            storage.scanAll(txn, stored -> visitor.test(Document.of(stored)));
        }

        public void scanIdPrefix(String prefix, java.util.function.Predicate<Document> visitor) {
            storage.scanIdPrefix(txn, prefix, stored -> visitor.test(Document.of(stored)));
        }

        public java.util.Map<String, Long> collectionCounts() {
            return storage.collectionCounts(txn);
        }

        public long countDocuments() {
            return storage.countDocuments(txn);
        }

        public long countTombstones() {
            return storage.countTombstones(txn);
        }
    }
}
