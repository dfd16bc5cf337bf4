package dev.muninn.node.storage;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.bindings.LongBinding;
import jetbrains.exodus.bindings.StringBinding;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * A server-level Xodus environment of named stores, keyed by strings, values opaque bytes to this layer. A node has
 * two (ADR 0030):
 * <ul>
 * <li>{@link #system} ({@code <DataDir>/System}, durable commits): node identity ({@code settings}) and the
 *     databases' wrapped encryption keys: state that exists nowhere else.</li>
 * <li>{@link #cluster} ({@code <DataDir>/Cluster}, commits not fsynced): the state the Raft state machine applies.
 *     Raft's own log and its fsynced snapshots are the durable record of it; a crash that loses the last commits
 *     here is repaired by the replay Raft does on every start.</li>
 * </ul>
 */
public final class ServerStorage implements AutoCloseable {
    public static final String SETTINGS = "settings";
    public static final String CLUSTER_META = "cluster_meta";
    public static final String CLUSTER_NODES = "cluster_nodes";
    public static final String DATABASE_RECORDS = "database_records";
    public static final String RAFT_REQUESTS = "raft_requests";
    public static final String RAFT_REQUEST_ORDER = "raft_request_order";
    /** Compare-exchange entries: {@code <database key>/<lower-cased key>} to the entry's JSON. */
    public static final String COMPARE_EXCHANGE = "compare_exchange";
    public static final String CLUSTER_TRANSACTIONS = "cluster_transactions";
    /** Registered client certificates: thumbprint to the definition's JSON. */
    public static final String CERTIFICATES = "certificates";
    /** Databases' encryption keys, wrapped with the node's master key; node-local, never replicated. */
    public static final String SECRET_KEYS = "secret_keys";

    public static final List<String> SYSTEM_STORES = List.of(SETTINGS, SECRET_KEYS);
    public static final List<String> CLUSTER_STORES = List.of(CLUSTER_META, CLUSTER_NODES, DATABASE_RECORDS,
            RAFT_REQUESTS, RAFT_REQUEST_ORDER, COMPARE_EXCHANGE, CLUSTER_TRANSACTIONS, CERTIFICATES);

    private final StorageEnvironment environment;
    private final Map<String, Store> stores = new LinkedHashMap<>();

    private ServerStorage(StorageEnvironment environment, List<String> storeNames) {
        this.environment = environment;
        for (String name : storeNames) {
            stores.put(name, environment.openStore(name));
        }
    }

    /** The node's own durable state; {@code environment} should be durable. */
    public static ServerStorage system(StorageEnvironment environment) {
        return new ServerStorage(environment, SYSTEM_STORES);
    }

    /** The applied cluster state. */
    public static ServerStorage cluster(StorageEnvironment environment) {
        return new ServerStorage(environment, CLUSTER_STORES);
    }

    public StorageEnvironment environment() {
        return environment;
    }

    private Store store(String name) {
        Store store = stores.get(name);
        if (store == null) {
            throw new IllegalArgumentException("No store " + name + " in " + environment.directory());
        }
        return store;
    }

    public Optional<String> setting(Transaction txn, String name) {
        return get(txn, SETTINGS, name).map(bytes -> StringBinding.entryToString(new ArrayByteIterable(bytes)));
    }

    public void putSetting(Transaction txn, String name, String value) {
        store(SETTINGS).put(txn, StringBinding.stringToEntry(name), StringBinding.stringToEntry(value));
    }

    public long counter(Transaction txn, String storeName, String name) {
        ByteIterable value = store(storeName).get(txn, StringBinding.stringToEntry(name));
        return value == null ? 0 : LongBinding.entryToLong(value);
    }

    public void putCounter(Transaction txn, String storeName, String name, long value) {
        store(storeName).put(txn, StringBinding.stringToEntry(name), LongBinding.longToEntry(value));
    }

    public Optional<byte[]> get(Transaction txn, String storeName, String key) {
        ByteIterable value = store(storeName).get(txn, StringBinding.stringToEntry(key));
        return value == null ? Optional.empty() : Optional.of(Arrays.copyOf(value.getBytesUnsafe(), value.getLength()));
    }

    public void put(Transaction txn, String storeName, String key, byte[] value) {
        store(storeName).put(txn, StringBinding.stringToEntry(key), new ArrayByteIterable(value));
    }

    public boolean delete(Transaction txn, String storeName, String key) {
        return store(storeName).delete(txn, StringBinding.stringToEntry(key));
    }

    /** Every entry of a store, in key order. */
    public Map<String, byte[]> all(Transaction txn, String storeName) {
        Map<String, byte[]> all = new LinkedHashMap<>();
        try (Cursor cursor = store(storeName).openCursor(txn)) {
            while (cursor.getNext()) {
                ByteIterable value = cursor.getValue();
                all.put(StringBinding.entryToString(cursor.getKey()),
                        Arrays.copyOf(value.getBytesUnsafe(), value.getLength()));
            }
        }
        return all;
    }

    /** The first {@code limit} entries of a store in key order (a cursor, not a scan of everything). */
    public Map<String, byte[]> head(Transaction txn, String storeName, int limit) {
        Map<String, byte[]> head = new LinkedHashMap<>();
        try (Cursor cursor = store(storeName).openCursor(txn)) {
            while (head.size() < limit && cursor.getNext()) {
                ByteIterable value = cursor.getValue();
                head.put(StringBinding.entryToString(cursor.getKey()),
                        Arrays.copyOf(value.getBytesUnsafe(), value.getLength()));
            }
        }
        return head;
    }

    /**
     * Up to {@code limit} entries whose keys start with {@code prefix}, in key order, from {@code from} (inclusive)
     * on: a cursor positioned by key, not a scan.
     */
    public Map<String, byte[]> range(Transaction txn, String storeName, String prefix, String from, int limit) {
        Map<String, byte[]> range = new LinkedHashMap<>();
        String start = from.compareTo(prefix) > 0 ? from : prefix;
        try (Cursor cursor = store(storeName).openCursor(txn)) {
            ByteIterable found = cursor.getSearchKeyRange(StringBinding.stringToEntry(start));
            if (found == null) {
                return range;
            }
            do {
                String key = StringBinding.entryToString(cursor.getKey());
                if (!key.startsWith(prefix)) {
                    break;
                }
                ByteIterable value = cursor.getValue();
                range.put(key, Arrays.copyOf(value.getBytesUnsafe(), value.getLength()));
            } while (range.size() < limit && cursor.getNext());
        }
        return range;
    }

    /** Empties a store (used when a Raft snapshot replaces the whole state). */
    public void clear(Transaction txn, String storeName) {
        try (Cursor cursor = store(storeName).openCursor(txn)) {
            while (cursor.getNext()) {
                cursor.deleteCurrent();
            }
        }
    }

    @Override
    public void close() {
        environment.close();
    }
}
