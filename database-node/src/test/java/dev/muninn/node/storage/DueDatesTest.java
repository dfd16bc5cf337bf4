package dev.muninn.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The due-date index follows every write, overwrite, delete and conflict, and is built once for older databases. */
class DueDatesTest {
    /** A body "due=N" is due at N; anything else has no date. */
    private static final Function<byte[], OptionalLong> DUE = body -> {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.startsWith("due=") ? OptionalLong.of(Long.parseLong(text.substring(4))) : OptionalLong.empty();
    };

    @TempDir
    Path dir;

    private StorageEnvironment environment;
    private DocumentsStorage storage;
    private long etag;

    @BeforeEach
    void open() {
        environment = new StorageEnvironment(dir.resolve("db"), false);
        storage = new DocumentsStorage(environment, DUE, body -> OptionalLong.empty());
    }

    @AfterEach
    void close() {
        environment.close();
    }

    private void put(String id, String body) {
        environment.write(txn -> {
            etag++;
            storage.put(txn, new StoredDocument(id, "Users", etag, "A:" + etag + "-db", etag, 0,
                    body.getBytes(StandardCharsets.UTF_8)));
            return null;
        });
    }

    private List<String> dueBy(long ticks) {
        return environment.read(txn -> storage.expirations().dueBy(txn, ticks, 100)).stream()
                .map(DueDates.Due::key).toList();
    }

    @Test
    void followsTheDocumentsDates() {
        put("a", "due=10");
        put("b", "due=30");
        put("c", "due=20");
        put("d", "no date");
        assertThat(dueBy(25)).containsExactly("a", "c");
        put("a", "due=40"); // moved later
        put("c", "no date"); // no longer due
        assertThat(dueBy(35)).containsExactly("b");
        environment.write(txn -> {
            StoredDocument previous = storage.get(txn, "b").orElseThrow();
            etag++;
            storage.delete(txn, new StoredTombstone("b", "Users", etag, "A:" + etag + "-db", 1), previous);
            return null;
        });
        assertThat(dueBy(100)).containsExactly("a");
        environment.write(txn -> {
            storage.removeForConflict(txn, storage.get(txn, "a").orElseThrow());
            return null;
        });
        assertThat(dueBy(100)).isEmpty();
    }

    @Test
    void anOlderDatabaseIsIndexedWhenOpened() {
        put("x", "due=5");
        put("y", "due=7");
        environment.write(txn -> {
            environment.removeStore("expires_at", txn);
            environment.removeStore("collection_counts", txn);
            storage.putMetaLong(txn, "collections-counted", 0);
            return null;
        });
        environment.close();
        open();
        assertThat(dueBy(6)).containsExactly("x");
        assertThat(dueBy(10)).containsExactly("x", "y");
    }
}
