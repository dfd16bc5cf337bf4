package dev.muninn.node.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.bindings.StringBinding;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * How many documents each collection holds, kept in the transaction that adds or removes one, so that collection
 * statistics are read in one pass over the collections rather than over the documents. Store
 * {@code collection_counts}: lower-cased collection → count (8 bytes) and the collection's name as first written
 * (UTF-8). A collection whose count reaches zero is removed.
 */
final class CollectionCounts {
    private final Store store;

    CollectionCounts(Store store) {
        this.store = store;
    }

    void add(Transaction txn, String collection, long delta) {
        ByteIterable key = StringBinding.stringToEntry(DocumentsStorage.key(collection));
        ByteIterable current = store.get(txn, key);
        long count = (current == null ? 0 : ByteBuffer.wrap(current.getBytesUnsafe(), 0, current.getLength())
                .getLong()) + delta;
        if (count <= 0) {
            store.delete(txn, key);
            return;
        }
        String name = current == null ? collection : nameOf(current);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        store.put(txn, key, new ArrayByteIterable(ByteBuffer.allocate(Long.BYTES + nameBytes.length).putLong(count)
                .put(nameBytes).array()));
    }

    /** Every collection with documents, by name, with its count. */
    Map<String, Long> all(Transaction txn) {
        Map<String, Long> counts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (Cursor cursor = store.openCursor(txn)) {
            while (cursor.getNext()) {
                ByteIterable value = cursor.getValue();
                counts.put(nameOf(value), ByteBuffer.wrap(value.getBytesUnsafe(), 0, value.getLength()).getLong());
            }
        }
        return counts;
    }

    boolean isEmpty(Transaction txn) {
        return store.count(txn) == 0;
    }

    private static String nameOf(ByteIterable value) {
        return new String(value.getBytesUnsafe(), Long.BYTES, value.getLength() - Long.BYTES, StandardCharsets.UTF_8);
    }
}
