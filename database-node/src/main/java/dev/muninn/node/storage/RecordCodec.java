package dev.muninn.node.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;

/** Binary layout of stored records. The first byte is a format version so the layout can evolve. */
final class RecordCodec {
    private static final byte DOCUMENT_V1 = 1;
    private static final byte TOMBSTONE_V1 = 2;
    /**
     * A document whose body is stored apart, in pieces ({@link ValueChunks}, ADR 0034): the fields of
     * {@link #DOCUMENT_V1}, then the body's length and the size of its pieces, and no body.
     */
    private static final byte DOCUMENT_CHUNKED_V1 = 3;

    /** Reads a chunked document's body: {@code length} bytes stored in pieces of {@code chunkSize}. */
    interface ChunkedBody {
        byte[] read(int length, int chunkSize);
    }

    private RecordCodec() {
    }

    static ByteIterable encode(StoredDocument doc) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(doc.body().length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeFields(out, DOCUMENT_V1, doc);
            out.writeInt(doc.body().length);
            out.write(doc.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayByteIterable(bytes.toByteArray());
    }

    /** The record of a document whose body is written apart, in pieces of {@code chunkSize}. */
    static ByteIterable encodeChunkedHead(StoredDocument doc, int chunkSize) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeFields(out, DOCUMENT_CHUNKED_V1, doc);
            out.writeInt(doc.body().length);
            out.writeInt(chunkSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayByteIterable(bytes.toByteArray());
    }

    /** Whether a stored document's body is apart ({@link #decodeDocument(ByteIterable, ChunkedBody)} reads it). */
    static boolean isChunked(ByteIterable value) {
        return value.getLength() > 0 && value.getBytesUnsafe()[0] == DOCUMENT_CHUNKED_V1;
    }

    private static void writeFields(DataOutputStream out, byte format, StoredDocument doc) throws IOException {
        out.writeByte(format);
        out.writeUTF(doc.id());
        out.writeUTF(doc.collection());
        out.writeLong(doc.etag());
        out.writeUTF(doc.changeVector());
        out.writeLong(doc.lastModifiedTicks());
        out.writeInt(doc.flags());
    }

    static StoredDocument decodeDocument(ByteIterable value) {
        return decodeDocument(value, null);
    }

    /** Decodes either layout; a chunked one's body comes from {@code chunks}. */
    static StoredDocument decodeDocument(ByteIterable value, ChunkedBody chunks) {
        try (DataInputStream in = input(value)) {
            byte format = in.readByte();
            if (format != DOCUMENT_V1 && (format != DOCUMENT_CHUNKED_V1 || chunks == null)) {
                throw new IllegalStateException("Unknown record format " + format + ", expected " + DOCUMENT_V1);
            }
            String id = in.readUTF();
            String collection = in.readUTF();
            long etag = in.readLong();
            String cv = in.readUTF();
            long ticks = in.readLong();
            int flags = in.readInt();
            byte[] body;
            if (format == DOCUMENT_V1) {
                body = new byte[in.readInt()];
                in.readFully(body);
            } else {
                int length = in.readInt();
                body = chunks.read(length, in.readInt());
            }
            return new StoredDocument(id, collection, etag, cv, ticks, flags, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ByteIterable encode(StoredTombstone tombstone) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(TOMBSTONE_V1);
            out.writeUTF(tombstone.id());
            out.writeUTF(tombstone.collection());
            out.writeLong(tombstone.etag());
            out.writeUTF(tombstone.changeVector());
            out.writeLong(tombstone.deletedTicks());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayByteIterable(bytes.toByteArray());
    }

    static StoredTombstone decodeTombstone(ByteIterable value) {
        try (DataInputStream in = input(value)) {
            expect(in.readByte(), TOMBSTONE_V1);
            return new StoredTombstone(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF(), in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream input(ByteIterable value) {
        return new DataInputStream(new ByteArrayInputStream(value.getBytesUnsafe(), 0, value.getLength()));
    }

    private static void expect(byte actual, byte expected) {
        if (actual != expected) {
            throw new IllegalStateException("Unknown record format " + actual + ", expected " + expected);
        }
    }
}
