package dev.muninn.node.replication.incoming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.counters.CounterBatch;
import dev.muninn.node.documents.counters.CounterOperation;
import dev.muninn.node.documents.counters.CounterReads;
import dev.muninn.node.documents.counters.DocumentCounters;
import dev.muninn.node.replication.ReplicationBatchCodec;

/**
 * Counters between two real instances, every change shipped through the replication codec: concurrent changes on
 * both sides merge without a conflict, and a document conflict keeps its counters through a resolution by hand.
 */
class CountersReplicationTest extends TwoInstances {
    private static void increment(DatabaseInstance db, String id, String name, long delta) {
        db.write(new CounterBatch(List.of(new DocumentCounters(id, List.of(
                new CounterOperation(CounterOperation.Type.INCREMENT, name, delta))))));
    }

    /** Everything {@code from} has, encoded and decoded as a sender and a receiver would. */
    private static void ship(DatabaseInstance from, DatabaseInstance to) throws Exception {
        var changes = from.read(r -> r.changesAfter(0, 100_000));
        byte[] bytes = ReplicationBatchCodec.encode(changes, hash -> Optional.empty());
        ReplicationBatch batch = ReplicationBatchCodec.decode(Json.MAPPER.readTree(bytes));
        to.write(new ApplyReplicatedItems(batch.items()));
    }

    private static Map<String, Long> counters(DatabaseInstance db, String id) {
        Map<String, Long> values = new TreeMap<>();
        db.read(r -> CounterReads.read(r.storage(), r.transaction(), id, List.of()))
                .forEach(detail -> values.put(detail.name(), detail.total()));
        return values;
    }

    private static String names(DatabaseInstance db, String id) {
        return Json.parseObject(db.get(id).orElseThrow().body()).path("@metadata").path("@counters").toString();
    }

    @Test
    void concurrentChangesOnBothSidesMergeWithoutAConflict() throws Exception {
        ApplyReplicatedItemsTest.put(a, "carts/1", ApplyReplicatedItemsTest.cart("milk"));
        increment(a, "carts/1", "views", 1);
        ship(a, b);
        assertThat(counters(b, "carts/1")).isEqualTo(Map.of("views", 1L));

        increment(a, "carts/1", "views", 10);
        increment(a, "carts/1", "fromA", 1);
        increment(b, "carts/1", "views", 100);
        increment(b, "carts/1", "fromB", 2);
        ship(a, b);
        ship(b, a);
        ship(a, b);
        for (DatabaseInstance db : List.of(a, b)) {
            assertThat(counters(db, "carts/1")).isEqualTo(Map.of("views", 111L, "fromA", 1L, "fromB", 2L));
            assertThat(names(db, "carts/1")).isEqualTo("[\"fromA\",\"fromB\",\"views\"]");
            assertThat((long) db.read(r -> r.countConflicts())).isZero();
        }
        assertThat(a.get("carts/1").orElseThrow().changeVector())
                .isEqualTo(b.get("carts/1").orElseThrow().changeVector());
    }

    @Test
    void aDeleteCrossingAnIncrementEndsTheSameOnBothAndARecreatedDocumentStartsWithout() throws Exception {
        ApplyReplicatedItemsTest.put(a, "carts/1", ApplyReplicatedItemsTest.cart("milk"));
        increment(a, "carts/1", "likes", 1);
        ship(a, b);
        a.write(new dev.muninn.node.documents.commands.DeleteDocument("carts/1", null));
        increment(b, "carts/1", "likes", 5); // concurrent with the delete
        ship(a, b);
        ship(b, a);
        ship(a, b);
        assertThat(a.get("carts/1")).isEmpty();
        assertThat(b.get("carts/1")).isEmpty();
        assertThat(group(a, "carts/1")).isEqualTo(group(b, "carts/1"));

        ApplyReplicatedItemsTest.put(b, "carts/1", ApplyReplicatedItemsTest.cart("bread")); // created again
        ship(b, a);
        ship(a, b);
        for (DatabaseInstance db : List.of(a, b)) {
            assertThat(counters(db, "carts/1")).as("counters of the new document").isEmpty();
            assertThat(names(db, "carts/1")).isEqualTo("");
        }
        assertThat(group(a, "carts/1")).isEqualTo(group(b, "carts/1"));
        increment(a, "carts/1", "likes", 2);
        ship(a, b);
        assertThat(counters(b, "carts/1")).isEqualTo(Map.of("likes", 2L));
    }

    private static dev.muninn.node.documents.counters.CounterGroup group(DatabaseInstance db, String id) {
        return db.read(r -> dev.muninn.node.documents.counters.Counters.of(r.storage(), r.transaction(), id));
    }

    @Test
    void aConflictResolvedByHandKeepsItsCounters() throws Exception {
        ApplyReplicatedItemsTest.put(a, "carts/1", ApplyReplicatedItemsTest.cart("milk"));
        increment(a, "carts/1", "views", 5);
        ship(a, b);
        ApplyReplicatedItemsTest.put(a, "carts/1", ApplyReplicatedItemsTest.cart("bread"));
        ApplyReplicatedItemsTest.put(b, "carts/1", ApplyReplicatedItemsTest.cart("cheese"));
        ship(a, b);
        assertThat((long) b.read(r -> r.countConflicts())).isPositive();
        ApplyReplicatedItemsTest.put(b, "carts/1", ApplyReplicatedItemsTest.cart("bread", "cheese"));
        assertThat(counters(b, "carts/1")).isEqualTo(Map.of("views", 5L));
        assertThat(names(b, "carts/1")).isEqualTo("[\"views\"]");
    }
}
