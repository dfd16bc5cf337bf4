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
 * <p>
 * B-tree pages hold at most {@value #TREE_MAX_PAGE_SIZE} entries instead of Xodus' 128 (ADR 0029): a commit
 * rewrites every page on the path to each entry it changed, in every store it touched, so the page size sets what a
 * small commit costs. {@code -Dexodus.tree.maxPageSize} still overrides it.
 */
public final class StorageEnvironment implements AutoCloseable {
    /** Measured best for one-document commits; reads by id cost the same (ADR 0029). */
    static final int TREE_MAX_PAGE_SIZE = 16;

    private final Path directory;
    private final Environment environment;

    public StorageEnvironment(Path directory, boolean durableWrites) {
        this(directory, durableWrites, null);
    }

    /**
     * @param key when not null, every page is encrypted with it (ChaCha20); the directory must be new or have been
     *            encrypted with this key ({@link EncryptionKey.WrongKeyException} otherwise)
     */
    public StorageEnvironment(Path directory, boolean durableWrites, EncryptionKey key) {
        this.directory = directory;
        EnvironmentConfig config = new EnvironmentConfig()
                .setLogDurableWrite(durableWrites)
                .setEnvCloseForcedly(true)
                // Fail fast instead of waiting forever if a second process opens the same directory.
                .setLogLockTimeout(5_000)
                .setTreeMaxPageSize(Integer.getInteger(EnvironmentConfig.TREE_MAX_PAGE_SIZE, TREE_MAX_PAGE_SIZE));
        if (key != null) {
            long iv;
            try {
                iv = key.verifyOrMark(directory);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot check the encryption of " + directory, e);
            }
            config.setCipherId(EncryptionKey.CIPHER).setCipherKey(key.hex()).setCipherBasicIV(iv);
        } else if (EncryptionKey.marksEncryption(directory)) {
            throw new EncryptionKey.WrongKeyException("its files in " + directory + " are encrypted and no key was "
                    + "given");
        }
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

    public boolean storeExists(String name, Transaction txn) {
        return environment.storeExists(name, txn);
    }

    public void removeStore(String name, Transaction txn) {
        environment.removeStore(name, txn);
    }

    /**
     * Forces what was committed so far to the device: for an environment whose commits are not durable one by one,
     * at the moments that need it (Xodus otherwise syncs such an environment in the background, every few seconds).
     */
    public void sync() {
        ((jetbrains.exodus.env.EnvironmentImpl) environment).flushAndSync();
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

    /**
     * Writes a consistent copy of the environment's files into {@code zip} while writes go on: Xodus fixes the set
     * of log files and their lengths at the start (its backup strategy suspends the cleaner), so the copy is the
     * environment as of that moment; later writes only append beyond what is copied. Returns the bytes copied.
     */
    public long snapshotTo(java.util.zip.ZipOutputStream zip) throws java.io.IOException {
        jetbrains.exodus.backup.BackupStrategy strategy = environment.getBackupStrategy();
        long copied = 0;
        try {
            strategy.beforeBackup();
            for (jetbrains.exodus.backup.VirtualFileDescriptor file : strategy.getContents()) {
                if (!file.hasContent()) {
                    continue;
                }
                // acceptFile says how much of the file belongs to the snapshot (Long.MAX_VALUE: all of it).
                long length = Math.min(file.getFileSize(), strategy.acceptFile(file));
                if (length <= 0) {
                    continue;
                }
                zip.putNextEntry(new java.util.zip.ZipEntry(file.getPath() + file.getName()));
                try (java.io.InputStream in = file.getInputStream()) {
                    copied += copy(in, zip, length);
                } finally {
                    zip.closeEntry();
                }
            }
            if (EncryptionKey.marksEncryption(directory)) { // the copy opens with the same key, and only with it
                zip.putNextEntry(new java.util.zip.ZipEntry(EncryptionKey.CHECK_FILE));
                copied += java.nio.file.Files.copy(directory.resolve(EncryptionKey.CHECK_FILE), zip);
                zip.closeEntry();
            }
        } catch (java.io.IOException | RuntimeException e) {
            strategy.onError(e);
            throw e;
        } catch (Exception e) {
            strategy.onError(e);
            throw new java.io.IOException("Snapshot of " + directory + " failed: " + e.getMessage(), e);
        } finally {
            try {
                strategy.afterBackup();
            } catch (Exception e) {
                throw new java.io.IOException("Snapshot of " + directory + " did not finish: " + e.getMessage(), e);
            }
        }
        return copied;
    }

    private static long copy(java.io.InputStream in, java.io.OutputStream out, long length) throws java.io.IOException {
        byte[] buffer = new byte[1 << 16];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new java.io.IOException("File ended " + left + " bytes early");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
        return length;
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
