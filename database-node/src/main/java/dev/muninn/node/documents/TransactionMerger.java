package dev.muninn.node.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;

import jetbrains.exodus.env.Transaction;

/**
 * Group commit. Writers queue their operations; whichever writer finds the commit lock free becomes the leader,
 * takes everything queued, runs it in one Xodus transaction and commits once, so N concurrent writers cost one fsync
 * instead of N. The leader is a request thread, not a dedicated one, so a lone writer pays no thread hand-off.
 * <p>
 * Each operation stays atomic: if one throws, the transaction is aborted and the batch re-run without it. A future
 * completes only after the commit (and its fsync) returned, so an acknowledged write is on disk.
 * <p>
 * No queued operation is stranded: a writer that fails to take the lock does so while some leader holds it, and
 * every leader looks at the queue again after releasing the lock.
 */
public final class TransactionMerger implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TransactionMerger.class);

    private record Pending<R>(WriteOperation<R> operation, CompletableFuture<R> result) {
    }

    private final String databaseName;
    private final WriteContextFactory contexts;
    private final int maxOperationsPerTransaction;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock commitLock = new ReentrantLock();
    private volatile String storageFailure;
    private final LongAdder transactions = new LongAdder();
    private final LongAdder operations = new LongAdder();
    private volatile boolean closed;

    /** What stamps each transaction's last-modified time; replaced in tests that need versions in a given order. */
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();

    /** Stamps the following transactions with {@code clock}'s time (tests order versions without sleeping). */
    public void useClock(java.time.Clock clock) {
        this.clock = clock;
    }

    TransactionMerger(String databaseName, WriteContextFactory contexts, int maxOperationsPerTransaction) {
        this.databaseName = databaseName;
        this.contexts = contexts;
        this.maxOperationsPerTransaction = maxOperationsPerTransaction;
    }

    /** Runs the operation (merged with whatever else is queued) and returns once it is durable. */
    public <R> R execute(WriteOperation<R> operation) throws ExecutionException, InterruptedException {
        CompletableFuture<R> result = enqueue(operation);
        drainWhileLeader();
        return result.get();
    }

    /** Queues several operations at once, so they share a transaction; used to test per-operation atomicity. */
    public List<CompletableFuture<?>> submitAll(List<WriteOperation<?>> batch) {
        List<CompletableFuture<?>> results = new ArrayList<>();
        batch.forEach(op -> results.add(enqueue(op)));
        drainWhileLeader();
        return results;
    }

    private <R> CompletableFuture<R> enqueue(WriteOperation<R> operation) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new DatabaseUnavailableException("Database '" + databaseName + "' is closed"));
            return result;
        }
        queue.add(new Pending<>(operation, result));
        return result;
    }

    public int queueLength() {
        return queue.size();
    }

    /**
     * Why the last commit failed (the storage itself: an I/O error, a full disk), or empty when it succeeded. The
     * supervisor demotes a member whose storage fails.
     */
    public java.util.Optional<String> storageFailure() {
        return java.util.Optional.ofNullable(storageFailure);
    }

    public long committedTransactions() {
        return transactions.sum();
    }

    public long committedOperations() {
        return operations.sum();
    }

    private void drainWhileLeader() {
        while (!queue.isEmpty() && commitLock.tryLock()) {
            try {
                List<Pending<?>> batch = new ArrayList<>();
                while (!queue.isEmpty()) {
                    Pending<?> next;
                    while (batch.size() < maxOperationsPerTransaction && (next = queue.poll()) != null) {
                        batch.add(next);
                    }
                    commitSafely(batch);
                    batch.clear();
                }
            } finally {
                commitLock.unlock();
            }
        }
    }

    private void commitSafely(List<Pending<?>> batch) {
        if (closed) {
            batch.forEach(p -> p.result().completeExceptionally(
                    new DatabaseUnavailableException("Database '" + databaseName + "' is closed")));
            return;
        }
        try {
            commit(batch);
            storageFailure = null;
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "db=%s event=merger-failure operations=%d", databaseName, batch.size());
            storageFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    /** Runs the batch; operations that throw are failed and removed, and the rest run again. */
    private void commit(List<Pending<?>> batch) {
        List<Pending<?>> remaining = new ArrayList<>(batch);
        while (!remaining.isEmpty()) {
            WriteContextFactory.Session session = contexts.begin(Ticks.of(clock.instant()));
            Transaction txn = session.transaction();
            List<Object> results = new ArrayList<>(remaining.size());
            int failed = -1;
            RuntimeException failure = null;
            try {
                for (int i = 0; i < remaining.size() && failure == null; i++) {
                    try {
                        session.context().beginOperation();
                        results.add(remaining.get(i).operation().execute(session.context()));
                    } catch (RuntimeException e) {
                        failed = i;
                        failure = e;
                    }
                }
                if (failure == null) {
                    session.context().finish();
                    if (!txn.commit()) {
                        throw new IllegalStateException("Xodus refused to commit an exclusive transaction");
                    }
                }
            } finally {
                if (!txn.isFinished()) {
                    txn.abort();
                }
            }
            if (failure != null) {
                remaining.remove(failed).result().completeExceptionally(failure);
                continue;
            }
            transactions.increment();
            operations.add(remaining.size());
            session.committed();
            for (int i = 0; i < remaining.size(); i++) {
                complete(remaining.get(i), results.get(i));
            }
            return;
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> void complete(Pending<R> pending, Object result) {
        pending.result().complete((R) result);
    }

    /** Stops accepting writes and waits for the transaction in progress, if any. */
    @Override
    public void close() {
        closed = true;
        commitLock.lock();
        try {
            Pending<?> pending;
            while ((pending = queue.poll()) != null) {
                pending.result().completeExceptionally(
                        new DatabaseUnavailableException("Database '" + databaseName + "' is closed"));
            }
        } finally {
            commitLock.unlock();
        }
    }
}
