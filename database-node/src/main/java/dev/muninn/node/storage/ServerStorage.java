package dev.muninn.node.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.bindings.LongBinding;
import jetbrains.exodus.bindings.StringBinding;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * The server's own environment ({@code <DataDir>/System}): node identity and the cluster state
 * (database records, by lower-cased name). Values are opaque bytes to this layer.
 */
public final class ServerStorage implements AutoCloseable {
    private final StorageEnvironment environment;
    private final Store settings;
    private final Store records;

    public ServerStorage(StorageEnvironment environment) {
        this.environment = environment;
        this.settings = environment.openStore("settings");
        this.records = environment.openStore("database_records");
    }

    public StorageEnvironment environment() {
        return environment;
    }

    public Optional<String> setting(Transaction txn, String name) {
        ByteIterable value = settings.get(txn, StringBinding.stringToEntry(name));
        return value == null ? Optional.empty() : Optional.of(StringBinding.entryToString(value));
    }

    public void putSetting(Transaction txn, String name, String value) {
        settings.put(txn, StringBinding.stringToEntry(name), StringBinding.stringToEntry(value));
    }

    public long counter(Transaction txn, String name) {
        ByteIterable value = settings.get(txn, StringBinding.stringToEntry(name));
        return value == null ? 0 : LongBinding.entryToLong(value);
    }

    public void putCounter(Transaction txn, String name, long value) {
        settings.put(txn, StringBinding.stringToEntry(name), LongBinding.longToEntry(value));
    }

    public Optional<byte[]> record(Transaction txn, String key) {
        ByteIterable value = records.get(txn, StringBinding.stringToEntry(key));
        return value == null ? Optional.empty() : Optional.of(value.getBytesUnsafe().length == value.getLength()
                ? value.getBytesUnsafe() : java.util.Arrays.copyOf(value.getBytesUnsafe(), value.getLength()));
    }

    public void putRecord(Transaction txn, String key, byte[] value) {
        records.put(txn, StringBinding.stringToEntry(key), new jetbrains.exodus.ArrayByteIterable(value));
    }

    public boolean deleteRecord(Transaction txn, String key) {
        return records.delete(txn, StringBinding.stringToEntry(key));
    }

    public List<byte[]> allRecords(Transaction txn) {
        List<byte[]> all = new ArrayList<>();
        try (Cursor cursor = records.openCursor(txn)) {
            while (cursor.getNext()) {
                ByteIterable value = cursor.getValue();
                all.add(java.util.Arrays.copyOf(value.getBytesUnsafe(), value.getLength()));
            }
        }
        return all;
    }

    @Override
    public void close() {
        environment.close();
    }
}
