package dev.muninn.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents per collection are counted in the transactions that write them, and counted once for older databases. */
class CollectionCountsTest {
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

    private void put(String id, String collection) {
        environment.write(txn -> {
            etag++;
            StoredDocument doc = new StoredDocument(id, collection, etag, "A:" + etag + "-db", etag, 0,
                    "{}".getBytes());
            storage.put(txn, doc);
            return null;
        });
    }

    private void delete(String id) {
        environment.write(txn -> {
            StoredDocument previous = storage.get(txn, id).orElseThrow();
            etag++;
            storage.delete(txn, new StoredTombstone(id, previous.collection(), etag, "A:" + etag + "-db", 1), previous);
            return null;
        });
    }

    private Map<String, Long> counts() {
        return environment.read(storage::collectionCounts);
    }

    @Test
    void writesOverwritesAndDeletesKeepTheCounts() {
        put("users/1", "Users");
        put("users/2", "Users");
        put("USERS/2", "Users"); // the same document again
        put("orders/1", "Orders");
        assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of("Users", 2L, "Orders", 1L));
        delete("orders/1");
        delete("users/1");
        assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of("Users", 1L));
        environment.write(txn -> {
            storage.removeForConflict(txn, storage.get(txn, "users/2").orElseThrow());
            return null;
        });
        assertThat(counts()).isEmpty();
    }

    @Test
    void aDatabaseWrittenBeforeCountsExistedIsCountedWhenOpened() {
        put("users/1", "Users");
        put("users/2", "Users");
        put("orders/1", "Orders");
        // What a database of an earlier release looks like: documents, no counts, no mark.
        environment.write(txn -> {
            environment.removeStore("collection_counts", txn);
            storage.putMetaLong(txn, "collections-counted", 0);
            return null;
        });
        environment.close();
        open();
        assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of("Users", 2L, "Orders", 1L));
        put("orders/2", "Orders");
        assertThat(counts()).containsEntry("Orders", 2L);
    }
}
