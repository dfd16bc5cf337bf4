package dev.muninn.node.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.commands.Batch;
import dev.muninn.node.documents.commands.DeleteDocument;
import dev.muninn.node.documents.commands.DeleteResult;
import dev.muninn.node.documents.commands.PutDocument;
import dev.muninn.node.documents.commands.PutResult;

/** The document layer on real Xodus storage in a temp directory. */
class DatabaseInstanceTest {
    @TempDir
    Path dir;
    DatabaseInstance db;

    @BeforeEach
    void open() {
        db = DatabaseInstance.open("test", "A", dir, true, 1024);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static ObjectNode user(String name) {
        ObjectNode doc = Json.object();
        doc.put("name", name);
        doc.putObject("@metadata").put("@collection", "Users").put("Raven-Java-Type", "x.User")
                .put("@change-vector", "ignored").put("@id", "ignored");
        return doc;
    }

    PutResult put(String id, ObjectNode doc, String expectedCv) {
        return db.write(new PutDocument(id, doc, expectedCv, 1 << 20));
    }

    @Test
    void putThenGetKeepsIdCasingAndUserMetadata() {
        PutResult result = put("Users/Oren", user("Oren"), null);
        assertThat(result.changeVector()).isEqualTo("A:1-" + db.databaseId());
        Document doc = db.get("users/oren").orElseThrow();
        assertThat(doc.id()).isEqualTo("Users/Oren");
        ObjectNode json = doc.toJson();
        assertThat(json.get("name").asText()).isEqualTo("Oren");
        assertThat(json.at("/@metadata/@collection").asText()).isEqualTo("Users");
        assertThat(json.at("/@metadata/Raven-Java-Type").asText()).isEqualTo("x.User");
        assertThat(json.at("/@metadata/@id").asText()).isEqualTo("Users/Oren");
        assertThat(json.at("/@metadata/@change-vector").asText()).isEqualTo(result.changeVector());
        assertThat(json.at("/@metadata/@last-modified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
    }

    @Test
    void etagsGrowAndChangeVectorsFollowThem() {
        put("a", user("1"), null);
        PutResult second = put("a", user("2"), null);
        assertThat(second.changeVector()).isEqualTo("A:2-" + db.databaseId());
        assertThat(db.lastEtag()).isEqualTo(2);
    }

    @Test
    void deleteLeavesATombstoneAndRemovesFromCollection() {
        put("users/1", user("x"), null);
        DeleteResult deleted = db.write(new DeleteDocument("users/1", null));
        assertThat(deleted.deleted()).isTrue();
        assertThat(db.get("users/1")).isEmpty();
        assertThat((long) db.read(r -> r.countTombstones())).isEqualTo(1);
        List<String> ids = new ArrayList<>();
        db.read(r -> {
            r.scanCollection("users", d -> ids.add(d.id()));
            return null;
        });
        assertThat(ids).isEmpty();
        assertThat(db.write(new DeleteDocument("users/1", null)).deleted()).isFalse();
    }

    @Test
    void collectionScanIsInEtagOrderAndSeparatesPrefixes() {
        put("u/1", user("a"), null);
        ObjectNode other = Json.object();
        other.putObject("@metadata").put("@collection", "UsersArchive");
        put("x/1", other, null);
        put("u/2", user("b"), null);
        put("u/1", user("c"), null);
        List<String> ids = new ArrayList<>();
        db.read(r -> {
            r.scanCollection("USERS", d -> ids.add(d.id()));
            return null;
        });
        assertThat(ids).containsExactly("u/2", "u/1");
    }

    @Test
    void optimisticConcurrencyChecks() {
        PutResult first = put("u/1", user("a"), "");
        assertThatThrownBy(() -> put("u/1", user("b"), "")).isInstanceOf(ConcurrencyException.class);
        assertThatThrownBy(() -> put("u/1", user("b"), "A:99-nope")).isInstanceOf(ConcurrencyException.class);
        assertThatThrownBy(() -> put("u/2", user("b"), "A:1-x")).isInstanceOf(ConcurrencyException.class);
        put("u/1", user("b"), first.changeVector());
        assertThat(db.get("u/1").orElseThrow().toJson().get("name").asText()).isEqualTo("b");
    }

    @Test
    void aFailingBatchWritesNothingAndDoesNotHurtItsNeighbours() throws Exception {
        put("exists", user("x"), null);
        long etagBefore = db.lastEtag();
        // Queued together so that all three land in one merged transaction.
        List<CompletableFuture<?>> futures = db.merger().submitAll(List.of(
                new PutDocument("ok/1", user("1"), null, 1 << 20),
                new Batch(List.of(
                        new PutDocument("partial/1", user("p"), null, 1 << 20),
                        new PutDocument("exists", user("y"), "", 1 << 20))),
                new PutDocument("ok/2", user("2"), null, 1 << 20)));
        CompletableFuture<?> ok1 = futures.get(0);
        CompletableFuture<?> bad = futures.get(1);
        CompletableFuture<?> ok2 = futures.get(2);
        assertThat(db.merger().committedTransactions()).as("one commit for all three").isEqualTo(2);
        ok1.get();
        ok2.get();
        assertThatThrownBy(bad::get).hasCauseInstanceOf(ConcurrencyException.class);
        assertThat(db.get("partial/1")).as("no part of a failed batch is written").isEmpty();
        assertThat(db.get("exists").orElseThrow().toJson().get("name").asText()).isEqualTo("x");
        assertThat(db.get("ok/1")).isPresent();
        assertThat(db.get("ok/2")).isPresent();
        assertThat(db.lastEtag()).isEqualTo(etagBefore + 2);
    }

    @Test
    void concurrentWritersShareTransactions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<PutResult>> results = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                int n = i;
                results.add(pool.submit(() -> put("c/" + n, user("n" + n), null)));
            }
            for (Future<PutResult> r : results) {
                r.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat((long) db.read(r -> r.countDocuments())).isEqualTo(800);
        assertThat(db.merger().committedOperations()).isEqualTo(800);
        assertThat(db.merger().committedTransactions()).as("group commit merged requests").isLessThan(800);
    }

    @Test
    void committedWritesSurviveReopen() {
        put("durable/1", user("d"), null);
        String dbId = db.databaseId();
        db.close();
        db = DatabaseInstance.open("test", "A", dir, true, 1024);
        assertThat(db.databaseId()).isEqualTo(dbId);
        assertThat(db.lastEtag()).isEqualTo(1);
        assertThat(db.get("durable/1")).isPresent();
        assertThat(put("durable/2", user("e"), null).changeVector()).isEqualTo("A:2-" + dbId);
    }

    @Test
    void rejectsBadIdsAndOversizedDocuments() {
        assertThatThrownBy(() -> put("bad\u0001id", user("x"), null)).isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> put("x".repeat(600), user("x"), null)).isInstanceOf(InvalidDocumentException.class);
        ObjectNode big = user("big");
        big.put("blob", "x".repeat(2 << 20));
        assertThatThrownBy(() -> put("big", big, null)).isInstanceOf(InvalidDocumentException.class);
        assertThat(db.lastEtag()).isZero();
    }

    @Test
    void serverGeneratedAndIdentityIds() {
        PutResult generated = put("orders/", user("x"), null);
        assertThat(generated.id()).isEqualTo("orders/0000000000000000001-A");
        assertThat(put("items|", user("x"), null).id()).isEqualTo("items/1");
        assertThat(put("items|", user("x"), null).id()).isEqualTo("items/2");
    }
}
