package dev.muninn.node.documents.revisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Document;
import dev.muninn.node.documents.DocumentFlags;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.commands.Batch;
import dev.muninn.node.documents.commands.DeleteDocument;
import dev.muninn.node.documents.commands.PutDocument;
import dev.muninn.node.replication.incoming.ApplyReplicatedItems;
import dev.muninn.node.replication.incoming.ReplicatedItem;
import dev.muninn.node.storage.DocumentsStorage;
import dev.muninn.node.storage.StoredDocument;

/** Revisions on real instances: kept in the write's transaction, trimmed, and carried by replication. */
class RevisionsTest {
    @TempDir
    Path dir;
    DatabaseInstance a;
    DatabaseInstance b;

    @BeforeEach
    void open() throws Exception {
        a = DatabaseInstance.open("bank", "A", dir.resolve("a"), true, 1024);
        b = DatabaseInstance.open("bank", "B", dir.resolve("b"), true, 1024);
        RevisionsConfiguration config = RevisionsConfiguration.from(Json.MAPPER.readTree(
                "{\"Default\":{\"Disabled\":true},\"Collections\":{\"Accounts\":{\"MinimumRevisionsToKeep\":5},"
                        + "\"Carts\":{\"PurgeOnDelete\":true}}}"));
        a.configureRevisions(config);
        b.configureRevisions(config);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    static ObjectNode account(long balance) {
        ObjectNode doc = Json.object().put("balance", balance);
        doc.putObject("@metadata").put("@collection", "Accounts");
        return doc;
    }

    static PutDocument put(String id, ObjectNode doc) {
        return new PutDocument(id, doc, null, 1 << 20);
    }

    static List<Document> revisions(DatabaseInstance db, String id) {
        return db.read(r -> r.revisionsOf(id));
    }

    static long balance(DatabaseInstance db, String id) {
        return db.get(id).orElseThrow().toJson().get("balance").asLong();
    }

    @Test
    void everyWriteKeepsARevisionAndTheOldestGoBeyondTheLimit() {
        for (int i = 1; i <= 8; i++) {
            a.write(put("accounts/1", account(i)));
        }
        List<Document> revisions = revisions(a, "accounts/1");
        assertThat(revisions).hasSize(5);
        assertThat(revisions.stream().map(r -> r.toJson().get("balance").asLong())).containsExactly(4L, 5L, 6L, 7L, 8L);
        Document current = a.get("accounts/1").orElseThrow();
        assertThat(current.flags() & DocumentFlags.HAS_REVISIONS).isNotZero();
        assertThat(revisions.get(4).changeVector()).isEqualTo(current.changeVector());
        assertThat(revisions.get(4).flags() & DocumentFlags.REVISION).isNotZero();
        assertThat(revisions.get(4).etag()).as("a revision has its own etag").isGreaterThan(current.etag());
        java.util.Optional<Document> byChangeVector = a.read(r -> r.revisionByChangeVector(current.changeVector()));
        assertThat(byChangeVector).isPresent();

        a.write(new DeleteDocument("accounts/1", null));
        List<Document> afterDelete = revisions(a, "accounts/1");
        assertThat(afterDelete).hasSize(5);
        assertThat(afterDelete.get(4).flags() & DocumentFlags.DELETE_REVISION).isNotZero();
        assertThat(afterDelete.get(4).toJson().get("balance")).isNull();
    }

    @Test
    void aRequestThatWritesADocumentTwiceLeavesOneRevisionOfItsFinalState() {
        a.write(new Batch(List.of(put("accounts/9", account(1)), put("accounts/9", account(2)))));
        assertThat(revisions(a, "accounts/9")).hasSize(1);
        assertThat(revisions(a, "accounts/9").get(0).toJson().get("balance").asLong()).isEqualTo(2);
        a.write(put("accounts/9", account(3)));
        assertThat(revisions(a, "accounts/9")).hasSize(2);
    }

    @Test
    void collectionsWithoutRevisionsGetNoneAndPurgeOnDeleteRemovesThem() {
        ObjectNode user = Json.object().put("name", "x");
        user.putObject("@metadata").put("@collection", "Users");
        a.write(put("users/1", user));
        assertThat(revisions(a, "users/1")).isEmpty();
        assertThat(a.get("users/1").orElseThrow().flags() & DocumentFlags.HAS_REVISIONS).isZero();

        ObjectNode cart = Json.object().put("items", 1);
        cart.putObject("@metadata").put("@collection", "Carts");
        a.write(put("carts/1", cart));
        a.write(put("carts/1", cart));
        assertThat(revisions(a, "carts/1")).hasSize(2);
        a.write(new DeleteDocument("carts/1", null));
        assertThat(revisions(a, "carts/1")).isEmpty();
    }

    @Test
    void badConfigurationsAreRefused() {
        assertThatThrownBy(() -> RevisionsConfiguration.from(Json.MAPPER.readTree(
                "{\"Default\":{\"MinimumRevisionsToKeep\":-1}}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RevisionsConfiguration.from(Json.MAPPER.readTree(
                "{\"Collections\":{\"X\":{\"MinimumRevisionAgeToKeep\":\"soon\"}}}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RevisionsConfiguration.from(Json.MAPPER.readTree("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static List<ReplicatedItem> itemsAfter(DatabaseInstance db, long etag, int minItems) {
        return dev.muninn.node.replication.incoming.ShippedItems.after(db, etag, minItems);
    }

    /**
     * The book's bank transfer. T1 moves 10 from accounts/1 to accounts/2; T2 changes accounts/2 again. A batch that
     * ends at T1's boundary no longer holds accounts/2's T1 state (only its latest, from T2, exists as a document),
     * but it holds accounts/2's T1 revision: B applies it, so B never shows T1 half done.
     */
    @Test
    void aTransactionStaysWholeOnTheReceiverThanksToItsRevisions() {
        a.write(new Batch(List.of(put("accounts/1", account(100)), put("accounts/2", account(100)))));
        long afterT0 = a.lastEtag();
        b.write(new ApplyReplicatedItems(itemsAfter(a, 0, Integer.MAX_VALUE)));
        a.write(new Batch(List.of(put("accounts/1", account(90)), put("accounts/2", account(110))))); // T1
        long t1End = a.lastEtag();
        a.write(new Batch(List.of(put("accounts/2", account(200))))); // T2

        List<ReplicatedItem> batch = itemsAfter(a, afterT0, 1);
        long lastShipped = a.read(r -> r.changesAfter(afterT0, 1)).stream().mapToLong(DocumentsStorage.Change::etag)
                .max().orElseThrow();
        assertThat(lastShipped).isEqualTo(t1End);
        assertThat(batch.stream().filter(i -> !i.isRevision()).map(ReplicatedItem::id))
                .as("accounts/2's T1 document state is gone from A").containsExactly("accounts/1");

        b.write(new ApplyReplicatedItems(batch));
        assertThat(balance(b, "accounts/1") + balance(b, "accounts/2")).isEqualTo(200);
        assertThat(balance(b, "accounts/2")).isEqualTo(110);

        b.write(new ApplyReplicatedItems(itemsAfter(a, t1End, Integer.MAX_VALUE)));
        assertThat(balance(b, "accounts/2")).isEqualTo(200);
        assertThat(revisions(b, "accounts/2").stream().map(Document::changeVector))
                .containsExactlyElementsOf(revisions(a, "accounts/2").stream()
                        .map(Document::changeVector).toList());
    }
}
