package dev.muninn.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jetbrains.exodus.env.Transaction;

/**
 * Values larger than a Xodus log file (8 MB) are stored in pieces (ADR 0034): documents, revisions, conflicted
 * versions and attachment contents up to the 32 MB limit and beyond, written and read whole, and no piece is left
 * behind when a large record is replaced or removed.
 */
class LargeValuesTest {
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    private StorageEnvironment environment;
    private DocumentsStorage storage;
    private long etag;

    @BeforeEach
    void open() {
        environment = new StorageEnvironment(dir.resolve("db"), false);
        storage = new DocumentsStorage(environment);
    }

    @AfterEach
    void close() {
        environment.close();
    }

    @Test
    void storesAndReadsBackDocumentsUpToTheLimit() {
        int[] sizes = {MB - 1000, MB + 1, 9 * MB, 20 * MB, 31 * MB};
        for (int size : sizes) {
            put(document("docs/" + size, body(size, size)));
        }
        assertThat(chunks()).isEqualTo(2 + 9 + 20 + 31); // 1 MiB and less: one value, as always

        reopen(); // and from the files, not from what the writer still holds
        for (int size : sizes) {
            StoredDocument read = doc("Docs/" + size).orElseThrow();
            assertSameBytes(read.body(), body(size, size));
            assertThat(read.id()).isEqualTo("docs/" + size);
        }
        List<Integer> scanned = new ArrayList<>();
        environment.read(txn -> {
            storage.scanCollection(txn, "Users", doc -> scanned.add(doc.body().length));
            return null;
        });
        assertThat(scanned).containsExactlyInAnyOrder(MB - 1000, MB + 1, 9 * MB, 20 * MB, 31 * MB);
        List<DocumentsStorage.Change> changes = read(txn -> storage.changesAfter(txn, 0, 100));
        assertThat(changes).hasSize(5);
        assertSameBytes(changes.get(4).document().body(), body(31 * MB, 31 * MB));
    }

    @Test
    void replacingOrDeletingALargeDocumentLeavesNoPiecesBehind() {
        put(document("docs/a", body(20 * MB, 1)));
        put(document("docs/b", body(9 * MB, 2)));
        assertThat(chunks()).isEqualTo(29);

        put(document("docs/a", body(100, 3))); // large → small
        assertThat(chunks()).isEqualTo(9);
        assertSameBytes(doc("docs/a").orElseThrow().body(), body(100, 3));

        put(document("docs/a", body(31 * MB, 4))); // small → large
        assertThat(chunks()).isEqualTo(40);
        assertSameBytes(doc("docs/a").orElseThrow().body(), body(31 * MB, 4));

        put(document("docs/a", body(9 * MB + 5, 5))); // large → smaller large
        assertThat(chunks()).isEqualTo(19);
        assertSameBytes(doc("docs/a").orElseThrow().body(), body(9 * MB + 5, 5));

        write(txn -> {
            StoredDocument previous = storage.get(txn, "docs/b").orElseThrow();
            storage.delete(txn, new StoredTombstone("docs/b", "Users", ++etag, "A:" + etag + "-db", 1), previous);
        });
        assertThat(chunks()).isEqualTo(10);
        assertThat(doc("docs/b")).isEmpty();
        assertThat(this.<Optional<StoredTombstone>>read(txn -> storage.getTombstone(txn, "docs/b"))).isPresent();
        // a document whose id is a prefix of another's: pieces belong to their own owner only
        put(document("docs/a/", body(2 * MB, 6)));
        write(txn -> storage.removeForConflict(txn, storage.get(txn, "docs/a/").orElseThrow()));
        assertSameBytes(doc("docs/a").orElseThrow().body(), body(9 * MB + 5, 5));
        assertThat(chunks()).isEqualTo(10);
    }

    @Test
    void revisionsAndConflictedVersionsKeepLargeBodiesAndTheirPiecesGoWithThem() {
        StoredDocument revision = document("docs/r", body(20 * MB, 7));
        StoredDocument conflicted = document("docs/r", body(9 * MB, 8));
        write(txn -> {
            storage.putRevision(txn, revision);
            storage.putConflict(txn, conflicted);
        });
        assertThat(chunks()).isEqualTo(29);
        reopen();
        assertSameBytes(read(txn -> storage.revisionsOf(txn, "docs/r")).get(0).body(), body(20 * MB, 7));
        assertSameBytes(read(txn -> storage.revisionByChangeVector(txn, revision.changeVector())).orElseThrow()
                .body(), body(20 * MB, 7));
        assertSameBytes(read(txn -> storage.conflictsOf(txn, "docs/r")).get(0).body(), body(9 * MB, 8));
        List<DocumentsStorage.ConflictedId> conflictedIds = read(txn -> storage.conflictedIds(txn, 0, 10,
                new java.util.concurrent.atomic.AtomicLong()));
        assertThat(conflictedIds).extracting(DocumentsStorage.ConflictedId::id).containsExactly("docs/r");
        List<DocumentsStorage.Change> changes = read(txn -> storage.changesAfter(txn, 0, 10));
        assertSameBytes(changes.get(0).revision().body(), body(20 * MB, 7));
        assertSameBytes(changes.get(1).document().body(), body(9 * MB, 8));

        write(txn -> {
            storage.deleteRevision(txn, revision);
            storage.clearConflicts(txn, "docs/r");
        });
        assertThat(chunks()).isZero();
        assertThat(this.<Long>read(txn -> storage.countRevisions(txn))).isZero();
    }

    @Test
    void aBatchOfChangesStopsAtItsByteBudgetButNeverSplitsATransaction() {
        for (int i = 0; i < 5; i++) {
            put(document("docs/" + i, body(20 * MB, i)));
        }
        List<DocumentsStorage.Change> changes = read(txn -> storage.changesAfter(txn, 0, 512));
        assertThat(changes).hasSize(4); // 80 MB: the fourth reaches the 64 MB budget
        assertThat(this.<List<DocumentsStorage.Change>>read(txn -> storage.changesAfter(txn, changes.get(3).etag(),
                512))).hasSize(1);

        write(txn -> { // one transaction of three: one batch, whatever its size
            for (int i = 0; i < 3; i++) {
                storage.put(txn, document("docs/t" + i, body(30 * MB, i)));
            }
            storage.markTransactionEnd(txn, etag);
        });
        assertThat(this.<List<DocumentsStorage.Change>>read(txn -> storage.changesAfter(txn, 5, 1))).hasSize(3);
    }

    @Test
    void largeAttachmentContentsAreStoredInPiecesOnce() {
        byte[] content = body(40 * MB, 9); // attachments have their own, larger limit
        write(txn -> storage.putAttachmentContent(txn, "hash-large", content));
        write(txn -> storage.putAttachmentContent(txn, "hash-large", content));
        write(txn -> storage.putAttachmentContent(txn, "hash-small", body(10, 10)));
        assertThat(chunks()).isEqualTo(40);
        reopen();
        assertThat(this.<Boolean>read(txn -> storage.hasAttachmentContent(txn, "hash-large"))).isTrue();
        assertThat(this.<Boolean>read(txn -> storage.hasAttachmentContent(txn, "hash-none"))).isFalse();
        assertSameBytes(read(txn -> storage.attachmentContent(txn, "hash-large")).orElseThrow(), content);
        assertSameBytes(read(txn -> storage.attachmentContent(txn, "hash-small")).orElseThrow(), body(10, 10));
        Optional<byte[]> none = read(txn -> storage.attachmentContent(txn, "hash-none"));
        assertThat(none).isEmpty();
    }

    private StoredDocument document(String id, byte[] body) {
        etag++;
        return new StoredDocument(id, "Users", etag, "A:" + etag + "-db", 1_000 + etag, 0, body);
    }

    private void put(StoredDocument doc) {
        write(txn -> {
            storage.put(txn, doc);
            storage.markTransactionEnd(txn, doc.etag());
        });
    }

    private void write(Consumer<Transaction> writer) {
        environment.write(txn -> {
            writer.accept(txn);
            return null;
        });
    }

    private <T> T read(java.util.function.Function<Transaction, T> reader) {
        return environment.read(reader);
    }

    private Optional<StoredDocument> doc(String id) {
        return read(txn -> storage.get(txn, id));
    }

    private long chunks() {
        return read(storage::countValueChunks);
    }

    private void reopen() {
        environment.close();
        open();
    }

    /** Bytes that differ from piece to piece, so a piece out of place or missing shows. */
    private static byte[] body(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("first differing byte").isEqualTo(-1);
    }
}
