package dev.muninn.node.replication.incoming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Document;
import dev.muninn.node.documents.DocumentConflictException;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.commands.DeleteDocument;
import dev.muninn.node.documents.commands.PutDocument;

/** The receiving side of replication between two real instances (A and B), versions carried by hand. */
class ApplyReplicatedItemsTest extends TwoInstances {
    static ObjectNode cart(String... items) {
        ObjectNode doc = Json.object();
        var list = doc.putArray("items");
        for (String item : items) {
            list.add(item);
        }
        doc.putObject("@metadata").put("@collection", "Carts");
        return doc;
    }

    static void put(DatabaseInstance db, String id, ObjectNode doc) {
        db.write(new PutDocument(id, doc, null, 1 << 20));
    }

    /** What a sender would ship for {@code id}: the document, or its tombstone. */
    static ReplicatedItem itemOf(DatabaseInstance db, String id) {
        Document doc = db.get(id).orElse(null);
        if (doc != null) {
            return new ReplicatedItem(doc.id(), doc.collection(), doc.changeVector(), doc.lastModifiedTicks(),
                    doc.flags(), doc.body());
        }
        throw new IllegalStateException("no document " + id);
    }

    static ApplyReplicatedItems.Outcome replicate(DatabaseInstance to, ReplicatedItem... items) {
        return to.write(new ApplyReplicatedItems(List.of(items)));
    }

    @Test
    void aNewDocumentKeepsItsOriginChangeVectorAndGetsALocalEtag() {
        put(b, "carts/1", cart("milk"));
        ReplicatedItem item = itemOf(b, "carts/1");
        assertThat(replicate(a, item).applied()).isEqualTo(1);
        Document onA = a.get("carts/1").orElseThrow();
        assertThat(onA.changeVector()).isEqualTo(item.changeVector());
        assertThat(onA.etag()).isEqualTo(a.lastEtag());
        assertThat(a.databaseChangeVector().etagOf(b.databaseId())).isEqualTo(1);
        assertThat(replicate(a, item).skipped()).as("the same version again").isEqualTo(1);
    }

    @Test
    void aNewerVersionReplacesAnOlderOne() {
        put(a, "carts/1", cart("milk"));
        replicate(b, itemOf(a, "carts/1"));
        put(b, "carts/1", cart("milk", "eggs")); // B edits the version it received
        ReplicatedItem newer = itemOf(b, "carts/1");
        assertThat(ChangeVector.parse(newer.changeVector()).compareTo(
                ChangeVector.parse(a.get("carts/1").orElseThrow().changeVector()))).isEqualTo(ChangeVector.Order.NEWER);
        assertThat(replicate(a, newer).applied()).isEqualTo(1);
        assertThat(a.get("carts/1").orElseThrow().toJson().get("items")).hasSize(2);
        assertThat(replicate(b, itemOf(a, "carts/1")).skipped()).as("echo back to B").isEqualTo(1);
    }

    @Test
    void concurrentWritesBecomeAConflictAndLeaveTheCollection() {
        put(a, "carts/1", cart("milk"));
        put(b, "carts/1", cart("beer"));
        ApplyReplicatedItems.Outcome outcome = replicate(a, itemOf(b, "carts/1"));
        assertThat(outcome.conflicted()).containsExactly("carts/1");
        assertThatThrownBy(() -> a.get("carts/1")).isInstanceOf(DocumentConflictException.class);
        assertThat((List<Document>) a.read(r -> r.conflictsOf("carts/1"))).hasSize(2);
        assertThat((long) a.read(r -> r.countConflicts())).isEqualTo(2);
        List<String> inCollection = new ArrayList<>();
        a.read(r -> {
            r.scanCollection("Carts", d -> inCollection.add(d.id()));
            return null;
        });
        assertThat(inCollection).isEmpty();
        assertThat(replicate(a, itemOf(b, "carts/1")).skipped()).as("a version already in the conflict").isEqualTo(1);
    }

    @Test
    void identicalConcurrentContentMergesWithoutAConflict() {
        put(a, "carts/1", cart("milk"));
        put(b, "carts/1", cart("milk"));
        ApplyReplicatedItems.Outcome outcome = replicate(a, itemOf(b, "carts/1"));
        assertThat(outcome.merged()).isEqualTo(1);
        ChangeVector merged = ChangeVector.parse(a.get("carts/1").orElseThrow().changeVector());
        assertThat(merged.etagOf(a.databaseId())).isPositive();
        assertThat(merged.etagOf(b.databaseId())).isPositive();
    }

    @Test
    void deletesTravelAsTombstonesAndTwoDeletesMerge() {
        put(a, "carts/1", cart("milk"));
        replicate(b, itemOf(a, "carts/1"));
        b.write(new DeleteDocument("carts/1", null));
        String tombstoneCv = b.read(r -> r.countTombstones()) == 1 ? b.databaseChangeVector().toString() : null;
        ReplicatedItem delete = new ReplicatedItem("carts/1", "Carts", tombstoneCv, 0, 0, new byte[0]);
        assertThat(replicate(a, delete).applied()).isEqualTo(1);
        assertThat(a.get("carts/1")).isEmpty();
        assertThat((long) a.read(r -> r.countTombstones())).isEqualTo(1);

        put(a, "carts/2", cart("x"));
        replicate(b, itemOf(a, "carts/2"));
        a.write(new DeleteDocument("carts/2", null));
        b.write(new DeleteDocument("carts/2", null));
        ReplicatedItem deleteOnB = new ReplicatedItem("carts/2", "Carts", b.databaseChangeVector().toString(), 0, 0,
                new byte[0]);
        assertThat(replicate(a, deleteOnB).merged()).as("delete against delete").isEqualTo(1);
    }

    static ConflictResolver resolver(String config) throws Exception {
        return ConflictResolver.from(Json.MAPPER.readTree(config), new dev.muninn.node.script.JsSandbox());
    }

    /** The member that detects a conflict ships both versions, so every member ends up with the same conflict. */
    @Test
    void aConflictReplicatesToTheOtherMembers() throws Exception {
        DatabaseInstance c = DatabaseInstance.open("shop", "C", dir.resolve("c"), true, 1024);
        try {
            put(a, "carts/1", cart("from-a"));
            replicate(c, itemOf(a, "carts/1"));
            put(b, "carts/1", cart("from-b"));
            long before = a.lastEtag();
            replicate(a, itemOf(b, "carts/1"));
            assertThatThrownBy(() -> a.get("carts/1")).isInstanceOf(DocumentConflictException.class);

            List<ReplicatedItem> shipped = ShippedItems.after(a, before, Integer.MAX_VALUE);
            assertThat(shipped).extracting(ReplicatedItem::changeVector).containsExactlyInAnyOrder(
                    itemOf(b, "carts/1").changeVector(), c.get("carts/1").orElseThrow().changeVector());
            c.write(new ApplyReplicatedItems(shipped));
            assertThatThrownBy(() -> c.get("carts/1")).isInstanceOf(DocumentConflictException.class);
            b.write(new ApplyReplicatedItems(shipped));
            assertThatThrownBy(() -> b.get("carts/1")).isInstanceOf(DocumentConflictException.class);
            for (DatabaseInstance member : List.of(a, b, c)) {
                List<Document> versions = member.read(r -> r.conflictsOf("carts/1"));
                assertThat(versions).hasSize(2);
            }
            // A resolution on one member supersedes both versions everywhere, and takes the versions out of the stream.
            put(c, "carts/1", cart("from-a", "from-b"));
            long resolvedAt = c.lastEtag();
            for (DatabaseInstance member : List.of(a, b)) {
                member.write(new ApplyReplicatedItems(ShippedItems.after(c, 0, Integer.MAX_VALUE)));
                assertThat(member.get("carts/1").orElseThrow().toJson().get("items")).hasSize(2);
                assertThat((long) member.read(r -> r.countConflicts())).isZero();
            }
            assertThat(ShippedItems.after(c, 0, Integer.MAX_VALUE)).extracting(ReplicatedItem::changeVector)
                    .containsExactly(c.get("carts/1").orElseThrow().changeVector());
            assertThat(resolvedAt).isPositive();
        } finally {
            c.close();
        }
    }

    /** The next writes on {@code database} are stamped a second after now: ordered versions without sleeping. */
    private static void laterOn(dev.muninn.node.documents.DatabaseInstance database) {
        database.merger().useClock(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(1)));
    }

    @Test
    void resolveToLatestPicksTheNewestVersion() throws Exception {
        put(a, "carts/1", cart("old"));
        laterOn(b);
        put(b, "carts/1", cart("new"));
        ApplyReplicatedItems.Outcome outcome = a.write(new ApplyReplicatedItems(List.of(itemOf(b, "carts/1")),
                resolver("{\"ResolveToLatest\":true}")));
        assertThat(outcome.conflicted()).isEmpty();
        Document resolved = a.get("carts/1").orElseThrow();
        assertThat(resolved.toJson().get("items").get(0).asText()).isEqualTo("new");
        assertThat(resolved.toJson().at("/@metadata/@flags").asText()).contains("Resolved");
        assertThat((long) a.read(r -> r.countConflicts())).isZero();
        // The resolution is newer than both versions, so B takes it instead of conflicting again.
        assertThat(replicate(b, itemOf(a, "carts/1")).applied()).isEqualTo(1);
    }

    @Test
    void theAuthoritativeNodesVersionWinsEvenWhenOlder() throws Exception {
        put(a, "carts/1", cart("from-a"));
        laterOn(b);
        put(b, "carts/1", cart("from-b"));
        ConflictResolver authoritativeA = resolver("{\"AuthoritativeNode\":\"A\",\"ResolveToLatest\":true}");
        ReplicatedItem fromA = itemOf(a, "carts/1");
        ApplyReplicatedItems.Outcome onA = a.write(new ApplyReplicatedItems(List.of(itemOf(b, "carts/1")),
                authoritativeA));
        ApplyReplicatedItems.Outcome onB = b.write(new ApplyReplicatedItems(List.of(fromA), authoritativeA));
        assertThat(onA.conflicted()).isEmpty();
        assertThat(onB.conflicted()).isEmpty();
        // Both members pick A's version on their own, although B's is the later write.
        assertThat(a.get("carts/1").orElseThrow().toJson().get("items").get(0).asText()).isEqualTo("from-a");
        assertThat(b.get("carts/1").orElseThrow().toJson().get("items").get(0).asText()).isEqualTo("from-a");
    }

    @Test
    void withoutAVersionFromTheAuthoritativeNodeTheNextRuleDecides() throws Exception {
        put(a, "carts/1", cart("old"));
        laterOn(b);
        put(b, "carts/1", cart("new"));
        a.write(new ApplyReplicatedItems(List.of(itemOf(b, "carts/1")),
                resolver("{\"AuthoritativeNode\":\"C\",\"ResolveToLatest\":true}")));
        assertThat(a.get("carts/1").orElseThrow().toJson().get("items").get(0).asText()).isEqualTo("new");
        put(b, "carts/2", cart("y"));
        put(a, "carts/2", cart("x"));
        ApplyReplicatedItems.Outcome unresolved = a.write(new ApplyReplicatedItems(List.of(itemOf(b, "carts/2")),
                resolver("{\"AuthoritativeNode\":\"C\"}")));
        assertThat(unresolved.conflicted()).containsExactly("carts/2");
    }

    @Test
    void theShoppingCartScriptMergesBothVersions() throws Exception {
        put(a, "carts/1", cart("milk", "eggs"));
        put(b, "carts/1", cart("milk", "beer"));
        String script = "var out = { items: [] };"
                + "for (var i = 0; i < docs.length; i++) { if (!docs[i]) continue;"
                + "  docs[i].items.forEach(function (x) { if (out.items.indexOf(x) < 0) out.items.push(x); }); }"
                + "out.items.sort(); return out;";
        ObjectNode config = Json.object();
        config.putObject("ResolveByCollection").putObject("Carts").put("Script", script);
        a.write(new ApplyReplicatedItems(List.of(itemOf(b, "carts/1")),
                ConflictResolver.from(config, new dev.muninn.node.script.JsSandbox())));
        assertThat(a.get("carts/1").orElseThrow().toJson().get("items").toString())
                .isEqualTo("[\"beer\",\"eggs\",\"milk\"]");
        assertThat(a.get("carts/1").orElseThrow().collection()).isEqualTo("Carts");
    }

    @Test
    void aFailingScriptLeavesTheConflictInPlace() throws Exception {
        put(a, "carts/1", cart("x"));
        put(b, "carts/1", cart("y"));
        ObjectNode config = Json.object();
        config.putObject("ResolveByCollection").putObject("Carts").put("Script", "throw new Error('no');");
        ApplyReplicatedItems.Outcome outcome = a.write(new ApplyReplicatedItems(List.of(itemOf(b, "carts/1")),
                ConflictResolver.from(config, new dev.muninn.node.script.JsSandbox())));
        assertThat(outcome.conflicted()).containsExactly("carts/1");
        assertThatThrownBy(() -> a.get("carts/1")).isInstanceOf(DocumentConflictException.class);
    }

    @Test
    void puttingTheDocumentResolvesTheConflictByHand() {
        put(a, "carts/1", cart("x"));
        put(b, "carts/1", cart("y"));
        replicate(a, itemOf(b, "carts/1"));
        put(a, "carts/1", cart("x", "y"));
        Document resolved = a.get("carts/1").orElseThrow();
        assertThat(resolved.toJson().get("items")).hasSize(2);
        assertThat((long) a.read(r -> r.countConflicts())).isZero();
        ChangeVector cv = ChangeVector.parse(resolved.changeVector());
        assertThat(cv.etagOf(b.databaseId())).as("supersedes B's version").isPositive();
        assertThat(replicate(b, itemOf(a, "carts/1")).applied()).isEqualTo(1);
    }

    @Test
    void aBatchIsOneTransaction() {
        put(b, "carts/1", cart("a"));
        put(b, "carts/2", cart("b"));
        long before = a.merger().committedTransactions();
        ApplyReplicatedItems.Outcome outcome = replicate(a, itemOf(b, "carts/1"), itemOf(b, "carts/2"));
        assertThat(outcome.applied()).isEqualTo(2);
        assertThat(a.merger().committedTransactions()).isEqualTo(before + 1);
    }
}
