package dev.muninn.node.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * Documents by a date their metadata names ({@code @expires}, {@code @refresh}), kept in the transaction that writes
 * or removes the document, so that the documents due are found in date order without reading any other. Store key:
 * the date in ticks (8 bytes, big-endian: ordered) then the lower-cased id; no value. The date of a body is read by a
 * function the documents layer gives (storage does not read JSON).
 */
public final class DueDates {
    /** A document due at {@code ticks}. */
    public record Due(long ticks, String key) {
    }

    private final Store store;
    private final Function<byte[], OptionalLong> dateOf;

    DueDates(Store store, Function<byte[], OptionalLong> dateOf) {
        this.store = store;
        this.dateOf = dateOf;
    }

    /** Follows a document's new body (null: removed) after its previous one (null: none). */
    void replaced(Transaction txn, String key, byte[] previousBody, byte[] newBody) {
        OptionalLong before = previousBody == null || previousBody.length == 0 ? OptionalLong.empty()
                : dateOf.apply(previousBody);
        OptionalLong after = newBody == null || newBody.length == 0 ? OptionalLong.empty() : dateOf.apply(newBody);
        if (before.equals(after)) {
            return;
        }
        before.ifPresent(ticks -> store.delete(txn, entry(ticks, key)));
        after.ifPresent(ticks -> store.put(txn, entry(ticks, key), new ArrayByteIterable(new byte[0])));
    }

    /** Up to {@code limit} documents due at or before {@code nowTicks}, earliest first. */
    public List<Due> dueBy(Transaction txn, long nowTicks, int limit) {
        List<Due> due = new ArrayList<>();
        try (Cursor cursor = store.openCursor(txn)) {
            while (due.size() < limit && cursor.getNext()) {
                ByteIterable key = cursor.getKey();
                byte[] bytes = key.getBytesUnsafe();
                long ticks = ByteBuffer.wrap(bytes, 0, Long.BYTES).getLong();
                if (ticks > nowTicks) {
                    break;
                }
                due.add(new Due(ticks, new String(bytes, Long.BYTES, key.getLength() - Long.BYTES,
                        StandardCharsets.UTF_8)));
            }
        }
        return due;
    }

    public long count(Transaction txn) {
        return store.count(txn);
    }

    private static ByteIterable entry(long ticks, String key) {
        byte[] id = key.getBytes(StandardCharsets.UTF_8);
        return new ArrayByteIterable(ByteBuffer.allocate(Long.BYTES + id.length).putLong(ticks).put(id).array());
    }
}
