package dev.muninn.node.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.jboss.logging.Logger;

import jetbrains.exodus.env.Transaction;

/**
 * Group commit. One writer thread takes every queued operation, runs them in one Xodus transaction and commits
 * once, so N concurrent writers cost one fsync instead of N. Each operation stays atomic: if one throws, the
 * transaction is aborted and the batch re-run without it. A caller's future completes only after the commit
 * (and its fsync) returned, so an acknowledged write is on disk.
 */
public final class TransactionMerger implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TransactionMerger.class);

    private record Pending<R>(WriteOperation<R> operation, CompletableFuture<R> result) {
    }

    private final String databaseName;
    private final Function<Long, WriteContextFactory.Session> sessions;
    private final int maxOperationsPerTransaction;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final LongAdder transactions = new LongAdder();
    private final LongAdder operations = new LongAdder();
    private volatile boolean closing;

    TransactionMerger(String databaseName, WriteContextFactory contexts, int maxOperationsPerTransaction) {
        this.databaseName = databaseName;
        this.sessions = contexts::begin;
        this.maxOperationsPerTransaction = maxOperationsPerTransaction;
        this.writer = new Thread(this::run, "merger-" + databaseName);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public <R> CompletableFuture<R> submit(WriteOperation<R> operation) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (closing) {
            result.completeExceptionally(new DatabaseUnavailableException("Database '" + databaseName + "' is closing"));
            return result;
        }
        queue.add(new Pending<>(operation, result));
        return result;
    }

    public int queueLength() {
        return queue.size();
    }

    public long committedTransactions() {
        return transactions.sum();
    }

    public long committedOperations() {
        return operations.sum();
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxOperationsPerTransaction - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "db=%s event=merger-failure operations=%d", databaseName, batch.size());
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        failRemaining();
    }

    /** Runs the batch; operations that throw are failed and removed, and the rest run again. */
    private void commit(List<Pending<?>> batch) {
        List<Pending<?>> remaining = new ArrayList<>(batch);
        while (!remaining.isEmpty()) {
            WriteContextFactory.Session session = sessions.apply(Ticks.now());
            Transaction txn = session.transaction();
            List<Object> results = new ArrayList<>(remaining.size());
            int failed = -1;
            Throwable failure = null;
            try {
                for (int i = 0; i < remaining.size(); i++) {
                    try {
                        results.add(remaining.get(i).operation().execute(session.context()));
                    } catch (RuntimeException e) {
                        failed = i;
                        failure = e;
                        break;
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

    private void failRemaining() {
        Pending<?> pending;
        while ((pending = queue.poll()) != null) {
            pending.result().completeExceptionally(
                    new DatabaseUnavailableException("Database '" + databaseName + "' is closing"));
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failRemaining();
    }
}
