package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.BulkInsertOperation;
import net.ravendb.client.documents.operations.counters.CounterBatch;
import net.ravendb.client.documents.operations.counters.CounterBatchOperation;
import net.ravendb.client.documents.operations.counters.CounterDetail;
import net.ravendb.client.documents.operations.counters.CounterOperation;
import net.ravendb.client.documents.operations.counters.CounterOperationType;
import net.ravendb.client.documents.operations.counters.CountersDetail;
import net.ravendb.client.documents.operations.counters.DocumentCountersOperation;
import net.ravendb.client.documents.operations.counters.GetCountersOperation;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.documents.DocumentDoesNotExistException;

/** Counters through the official Java client: the session, CounterBatchOperation, GetCountersOperation, bulk insert. */
@QuarkusTest
class CountersClientTest extends ClientTestBase {

    private void storeUser(String id) {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("Ada", 36), id);
            session.saveChanges();
        }
    }

    private Long counter(String id, String name) {
        try (IDocumentSession session = fixture.store().openSession()) {
            return session.countersFor(id).get(name);
        }
    }

    @Test
    void aSessionIncrementsReadsAndDeletesCounters() {
        storeUser("users/1");
        try (IDocumentSession session = fixture.store().openSession()) {
            session.countersFor("users/1").increment("likes", 5);
            session.countersFor("users/1").increment("Downloads", 2);
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            session.countersFor("users/1").increment("likes", -2);
            session.countersFor("users/1").increment("LIKES", 10); // the same counter, whatever the casing
            session.saveChanges();
        }
        assertThat(counter("users/1", "likes")).isEqualTo(13L);
        assertThat(counter("users/1", "downloads")).isEqualTo(2L);
        assertThat(counter("users/1", "missing")).isNull();
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/1");
            // @counters: sorted without regard to case, each name as first given
            assertThat(session.advanced().getCountersFor(user)).containsExactly("Downloads", "likes");
            assertThat(session.countersFor(user).getAll()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("likes", 13L, "Downloads", 2L));
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            session.countersFor("users/1").delete("likes");
            session.saveChanges();
        }
        assertThat(counter("users/1", "likes")).isNull();
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/1");
            assertThat(session.advanced().getCountersFor(user)).containsExactly("Downloads");
            session.countersFor(user).delete("Downloads");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/1");
            assertThat(session.advanced().getCountersFor(user)).isNull(); // the last one gone: no @counters
            assertThat(session.countersFor(user).getAll()).isEmpty();
        }
    }

    @Test
    void incrementDeleteIncrementInOneBatch() {
        storeUser("users/1");
        increment("users/1", "likes", 7);
        CounterBatch batch = new CounterBatch();
        CounterOperation delete = new CounterOperation();
        delete.setType(CounterOperationType.DELETE);
        delete.setCounterName("likes");
        batch.setDocuments(List.of(document("users/1", increment("likes", 1), delete, increment("likes", 2))));
        CountersDetail result = fixture.store().operations().send(new CounterBatchOperation(batch));
        assertThat(result.getCounters()).extracting(CounterDetail::getTotalValue).containsExactly(8L, 2L);
        assertThat(counter("users/1", "likes")).isEqualTo(2L);
    }

    @Test
    void aCounterBackAfterADeleteStartsFromZero() {
        storeUser("users/1");
        increment("users/1", "likes", 7);
        try (IDocumentSession session = fixture.store().openSession()) {
            session.countersFor("users/1").delete("likes");
            session.saveChanges();
        }
        increment("users/1", "likes", 3);
        assertThat(counter("users/1", "likes")).isEqualTo(3L);
    }

    @Test
    void storingTheDocumentAgainKeepsItsCounters() {
        storeUser("users/1");
        increment("users/1", "likes", 1);
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/1");
            user.setAge(37);
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("Replaced", 1), "users/1"); // a blind put: no metadata from the client
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/1");
            assertThat(session.advanced().getCountersFor(user)).containsExactly("likes");
        }
        assertThat(counter("users/1", "likes")).isEqualTo(1L);
    }

    @Test
    void deletingTheDocumentDeletesItsCounters() {
        storeUser("users/1");
        increment("users/1", "likes", 4);
        try (IDocumentSession session = fixture.store().openSession()) {
            session.delete("users/1");
            session.saveChanges();
        }
        storeUser("users/1");
        assertThat(counter("users/1", "likes")).isNull();
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.advanced().getCountersFor(session.load(User.class, "users/1"))).isNull();
        }
    }

    @Test
    void counterBatchAndGetCountersOperations() {
        storeUser("users/1");
        storeUser("users/2");
        CounterBatch batch = new CounterBatch();
        batch.setDocuments(List.of(document("users/1", increment("likes", 10), increment("views", 1)),
                document("users/2", increment("likes", 20))));
        CountersDetail result = fixture.store().operations().send(new CounterBatchOperation(batch));
        assertThat(result.getCounters()).extracting(CounterDetail::getDocumentId, CounterDetail::getCounterName,
                CounterDetail::getTotalValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("users/1", "likes", 10L),
                org.assertj.core.groups.Tuple.tuple("users/1", "views", 1L),
                org.assertj.core.groups.Tuple.tuple("users/2", "likes", 20L));

        CountersDetail one = fixture.store().operations().send(new GetCountersOperation("users/1", "likes"));
        assertThat(one.getCounters()).hasSize(1);
        assertThat(one.getCounters().get(0).getTotalValue()).isEqualTo(10L);
        CountersDetail some = fixture.store().operations().send(
                new GetCountersOperation("users/1", new String[] {"views", "nope", "likes"}));
        assertThat(some.getCounters()).hasSize(3);
        assertThat(some.getCounters().get(1)).isNull(); // a missing counter is a null in its place
        assertThat(some.getCounters().get(2).getTotalValue()).isEqualTo(10L);
        CountersDetail all = fixture.store().operations().send(new GetCountersOperation("users/1"));
        assertThat(all.getCounters()).extracting(CounterDetail::getCounterName).containsExactly("likes", "views");

        CountersDetail full = fixture.store().operations().send(new GetCountersOperation("users/1", "likes", true));
        assertThat(full.getCounters().get(0).getCounterValues()).hasSize(1).containsValue(10L);

        // names too long for a URL: the client posts a batch of reads
        String longName = "n".repeat(1100);
        CountersDetail posted = fixture.store().operations().send(
                new GetCountersOperation("users/1", new String[] {"likes", longName}));
        assertThat(posted.getCounters()).hasSize(2);
        assertThat(posted.getCounters().get(0).getTotalValue()).isEqualTo(10L);
        assertThat(posted.getCounters().get(1)).isNull();
    }

    @Test
    void countersOfAMissingDocumentAreRefusedByName() {
        CounterBatch batch = new CounterBatch();
        batch.setDocuments(List.of(document("users/none", increment("likes", 1))));
        assertThatThrownBy(() -> fixture.store().operations().send(new CounterBatchOperation(batch)))
                .isInstanceOf(DocumentDoesNotExistException.class).hasMessageContaining("users/none");
    }

    @Test
    void anOverflowIsAClearErrorAndChangesNothing() {
        storeUser("users/1");
        increment("users/1", "big", Long.MAX_VALUE - 1);
        assertThatThrownBy(() -> increment("users/1", "big", 5)).hasMessageContaining("Overflow");
        assertThat(counter("users/1", "big")).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void bulkInsertWritesCounters() {
        try (BulkInsertOperation bulk = fixture.store().bulkInsert()) {
            for (int i = 0; i < 50; i++) {
                String id = "users/" + i;
                bulk.store(new User("U" + i, i), id);
                bulk.countersFor(id).increment("likes", i);
                bulk.countersFor(id).increment("views");
            }
        }
        assertThat(counter("users/42", "likes")).isEqualTo(42L);
        assertThat(counter("users/7", "views")).isEqualTo(1L);
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/3");
            assertThat(session.advanced().getCountersFor(user)).containsExactly("likes", "views");
        }
    }

    @Test
    void aLoadIncludesCountersSoReadingThemTakesNoRequest() {
        storeUser("users/1");
        increment("users/1", "likes", 3);
        increment("users/1", "views", 9);
        try (IDocumentSession session = fixture.store().openSession()) {
            session.load(User.class, "users/1", i -> i.includeCounter("likes"));
            assertThat(session.countersFor("users/1").get("likes")).isEqualTo(3L);
            assertThat(session.advanced().getNumberOfRequests()).isEqualTo(1);
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            session.load(User.class, "users/1", i -> i.includeAllCounters());
            assertThat(session.countersFor("users/1").getAll()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("likes", 3L, "views", 9L));
            assertThat(session.advanced().getNumberOfRequests()).isEqualTo(1);
        }
    }

    @Test
    void aQueryIncludesCounters() {
        storeUser("users/1");
        storeUser("users/2");
        increment("users/1", "likes", 3);
        increment("users/2", "likes", 4);
        increment("users/2", "views", 1);
        try (IDocumentSession session = fixture.store().openSession()) {
            List<User> users = session.query(User.class).include(i -> i.includeCounter("likes")).toList();
            assertThat(users).hasSize(2);
            assertThat(session.countersFor("users/2").get("likes")).isEqualTo(4L);
            assertThat(session.countersFor("users/1").get("likes")).isEqualTo(3L);
            assertThat(session.advanced().getNumberOfRequests()).isEqualTo(1);
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            session.query(User.class).include(i -> i.includeAllCounters()).toList();
            assertThat(session.countersFor("users/2").getAll()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("likes", 4L, "views", 1L));
            assertThat(session.advanced().getNumberOfRequests()).isEqualTo(1);
        }
    }

    @Test
    void patchScriptsIncrementReadAndDeleteCounters() {
        storeUser("users/1");
        storeUser("users/2");
        increment("users/1", "likes", 2);
        var patch = new net.ravendb.client.documents.operations.PatchRequest();
        patch.setScript("incrementCounter(this, 'likes', args.by); incrementCounter('users/2', 'likes');"
                + " this.name = 'likes ' + counter(this, 'likes');");
        patch.setValues(Map.of("by", 5));
        fixture.store().operations().send(new net.ravendb.client.documents.operations.PatchOperation("users/1",
                null, patch));
        assertThat(counter("users/1", "likes")).isEqualTo(7L);
        assertThat(counter("users/2", "likes")).isEqualTo(1L);
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "users/1").getName()).isEqualTo("likes 7");
        }
        // by query, counters only: every document of the collection
        fixture.store().operations().sendAsync(new net.ravendb.client.documents.operations.PatchByQueryOperation(
                "from Users update { incrementCounter(this, 'views', 10); deleteCounter(this, 'likes'); }"))
                .waitForCompletion();
        assertThat(counter("users/1", "views")).isEqualTo(10L);
        assertThat(counter("users/2", "views")).isEqualTo(10L);
        assertThat(counter("users/1", "likes")).isNull();
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.advanced().getCountersFor(session.load(User.class, "users/2"))).containsExactly("views");
        }
        var bad = new net.ravendb.client.documents.operations.PatchRequest();
        bad.setScript("incrementCounter(this, 'likes', 1.5)");
        assertThatThrownBy(() -> fixture.store().operations().send(
                new net.ravendb.client.documents.operations.PatchOperation("users/1", null, bad)))
                .hasMessageContaining("whole number");
    }

    private void increment(String id, String name, long delta) {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.countersFor(id).increment(name, delta);
            session.saveChanges();
        }
    }

    private static DocumentCountersOperation document(String id, CounterOperation... operations) {
        DocumentCountersOperation document = new DocumentCountersOperation();
        document.setDocumentId(id);
        document.setOperations(List.of(operations));
        return document;
    }

    private static CounterOperation increment(String name, long delta) {
        CounterOperation operation = new CounterOperation();
        operation.setType(CounterOperationType.INCREMENT);
        operation.setCounterName(name);
        operation.setDelta(delta);
        return operation;
    }
}
