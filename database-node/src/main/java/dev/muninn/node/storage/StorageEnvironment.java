package dev.muninn.node.storage;

import java.nio.file.Path;
import java.util.function.Function;

import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.Environments;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;
import jetbrains.exodus.env.Transaction;

/**
 * One Xodus environment: a database instance's documents, or the server's own state.
 * Writes are durable: with {@code durableWrites} every commit is fsynced before it returns
 * (Xodus' {@code exodus.log.durableWrite}, off by default in Xodus). Group commit happens above,
 * in the transaction merger, which puts many requests into one commit.
 */
public final class StorageEnvironment implements AutoCloseable {
    private final Path directory;
    private final Environment environment;

    public StorageEnvironment(Path directory, boolean durableWrites) {
        this.directory = directory;
        EnvironmentConfig config = new EnvironmentConfig()
                .setLogDurableWrite(durableWrites)
                .setEnvCloseForcedly(true)
                // Fail fast instead of waiting forever if a second process opens the same directory.
                .setLogLockTimeout(5_000);
        this.environment = Environments.newInstance(directory.toFile(), config);
    }

    public Path directory() {
        return directory;
    }

    /** Opens (creating on first use) a store; safe to call inside any write transaction. */
    public Store openStore(String name, Transaction txn) {
        return environment.openStore(name, StoreConfig.WITHOUT_DUPLICATES, txn);
    }

    public Store openStore(String name) {
        return environment.computeInTransaction(txn -> openStore(name, txn));
    }

    public <T> T read(Function<Transaction, T> reader) {
        return environment.computeInReadonlyTransaction(reader::apply);
    }

    /** Exclusive so that at most one writer exists; the merger is the only caller on the hot path. */
    public Transaction beginWrite() {
        return environment.beginExclusiveTransaction();
    }

    public <T> T write(Function<Transaction, T> writer) {
        return environment.computeInExclusiveTransaction(writer::apply);
    }

    /** Bytes of the environment's files on disk. */
    public long diskUsageBytes() {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        environment.close();
    }
}
