package dev.muninn.node.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;

import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * The {@code value_chunks} store: bytes too big for one Xodus value, cut into pieces of {@link #CHUNK_SIZE} (ADR
 * 0034). Xodus keeps each value inside one log file (8 MB by default), so a value larger than that cannot be written
 * at all; pieces of 1 MiB always fit, and are written in the caller's transaction, so a large value is as atomic as
 * a small one.
 * <p>
 * A piece's key is its owner's, made unique across tables: table tag, length of the owner's key, the owner's key,
 * piece number (all big-endian). The length keeps one owner's pieces from being a prefix of another's, so all pieces
 * of one owner are one contiguous key range, found and removed with one cursor.
 */
final class ValueChunks {
    /** Pieces of 1 MiB: 16 Xodus pages each, a fraction of a log file, so little of a file is padding. */
    static final int CHUNK_SIZE = 1 << 20;

    private final Store chunks;

    ValueChunks(Store chunks) {
        this.chunks = chunks;
    }

    /** Writes {@code bytes} as pieces of {@code owner}; returns how many. The owner must have none (see delete). */
    int write(Transaction txn, byte table, ByteIterable owner, byte[] bytes) {
        byte[] prefix = prefix(table, owner);
        int count = 0;
        for (int offset = 0; offset < bytes.length; offset += CHUNK_SIZE, count++) {
            byte[] piece = Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + CHUNK_SIZE));
            chunks.put(txn, key(prefix, count), new ArrayByteIterable(piece));
        }
        return count;
    }

    /**
     * Reads {@code length} bytes written as pieces of {@code chunkSize} into a new array: each piece is copied once,
     * straight into its place.
     */
    byte[] read(Transaction txn, byte table, ByteIterable owner, int length, int chunkSize) {
        byte[] prefix = prefix(table, owner);
        byte[] into = new byte[length];
        int index = 0;
        for (int offset = 0; offset < length; offset += chunkSize, index++) {
            ByteIterable piece = chunks.get(txn, key(prefix, index));
            int expected = Math.min(chunkSize, length - offset);
            if (piece == null || piece.getLength() != expected) {
                throw new IllegalStateException("Piece " + index + " of a large value is "
                        + (piece == null ? "missing" : piece.getLength() + " bytes, expected " + expected));
            }
            System.arraycopy(piece.getBytesUnsafe(), 0, into, offset, expected);
        }
        return into;
    }

    /** Removes every piece of {@code owner} (none: nothing happens). */
    void delete(Transaction txn, byte table, ByteIterable owner) {
        byte[] prefix = prefix(table, owner);
        try (Cursor cursor = chunks.openCursor(txn)) {
            ByteIterable found = cursor.getSearchKeyRange(new ArrayByteIterable(prefix));
            while (found != null && startsWith(cursor.getKey(), prefix)) {
                cursor.deleteCurrent();
                found = cursor.getNext() ? cursor.getValue() : null;
            }
        }
    }

    long count(Transaction txn) {
        return chunks.count(txn);
    }

    private static byte[] prefix(byte table, ByteIterable owner) {
        int length = owner.getLength();
        return ByteBuffer.allocate(1 + Integer.BYTES + length).put(table).putInt(length)
                .put(owner.getBytesUnsafe(), 0, length).array();
    }

    private static ByteIterable key(byte[] prefix, int index) {
        return new ArrayByteIterable(ByteBuffer.allocate(prefix.length + Integer.BYTES).put(prefix).putInt(index)
                .array());
    }

    private static boolean startsWith(ByteIterable key, byte[] prefix) {
        if (key.getLength() < prefix.length) {
            return false;
        }
        return Arrays.equals(key.getBytesUnsafe(), 0, prefix.length, prefix, 0, prefix.length);
    }
}
