package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.changes.DocumentChange;
import net.ravendb.client.documents.changes.DocumentChangeTypes;
import net.ravendb.client.documents.changes.IDatabaseChanges;
import net.ravendb.client.documents.changes.Observers;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.primitives.CleanCloseable;

/** The changes API through the official client: forDocument, forAllDocuments, collections, prefixes, deletes. */
@QuarkusTest
class ChangesClientTest extends ClientTestBase {
    private void store(String id) {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User(id, 1), id);
            session.saveChanges();
        }
    }

    private static DocumentChange next(BlockingQueue<DocumentChange> queue) throws InterruptedException {
        DocumentChange change = queue.poll(10, TimeUnit.SECONDS);
        assertThat(change).as("a change within 10 s").isNotNull();
        return change;
    }

    @Test
    void watchesOneDocumentAllDocumentsACollectionAndAPrefix() throws Exception {
        IDatabaseChanges changes = fixture.store().changes();
        changes.ensureConnectedNow();
        BlockingQueue<DocumentChange> one = new LinkedBlockingQueue<>();
        BlockingQueue<DocumentChange> all = new LinkedBlockingQueue<>();
        BlockingQueue<DocumentChange> users = new LinkedBlockingQueue<>();
        BlockingQueue<DocumentChange> prefix = new LinkedBlockingQueue<>();
        try (CleanCloseable a = changes.forDocument("users/1").subscribe(Observers.create(one::add));
             CleanCloseable b = changes.forAllDocuments().subscribe(Observers.create(all::add));
             CleanCloseable c = changes.forDocumentsInCollection("Users").subscribe(Observers.create(users::add));
             CleanCloseable d = changes.forDocumentsStartingWith("users/2").subscribe(Observers.create(prefix::add))) {
            store("users/1");
            store("users/22");
            DocumentChange first = next(one);
            assertThat(first.getId()).isEqualTo("users/1");
            assertThat(first.getType()).isEqualTo(DocumentChangeTypes.PUT);
            assertThat(first.getCollectionName()).isEqualTo("Users");
            assertThat(first.getChangeVector()).isNotBlank();
            assertThat(List.of(next(all).getId(), next(all).getId())).containsExactly("users/1", "users/22");
            assertThat(List.of(next(users).getId(), next(users).getId())).containsExactly("users/1", "users/22");
            assertThat(next(prefix).getId()).isEqualTo("users/22");
            try (IDocumentSession session = fixture.store().openSession()) {
                session.delete("users/1");
                session.saveChanges();
            }
            DocumentChange deleted = next(one);
            assertThat(deleted.getType()).isEqualTo(DocumentChangeTypes.DELETE);
            Thread.sleep(300);
            assertThat(prefix.poll()).as("the prefix watch saw only its prefix").isNull();
        } finally {
            changes.close();
        }
    }

    @Test
    void countersAreToldByName() throws Exception {
        store("users/1");
        store("users/2");
        IDatabaseChanges changes = fixture.store().changes();
        changes.ensureConnectedNow();
        BlockingQueue<net.ravendb.client.documents.changes.CounterChange> all = new LinkedBlockingQueue<>();
        BlockingQueue<net.ravendb.client.documents.changes.CounterChange> likes = new LinkedBlockingQueue<>();
        BlockingQueue<net.ravendb.client.documents.changes.CounterChange> ofUser2 = new LinkedBlockingQueue<>();
        BlockingQueue<net.ravendb.client.documents.changes.CounterChange> one = new LinkedBlockingQueue<>();
        try (CleanCloseable a = changes.forAllCounters().subscribe(Observers.create(all::add));
             CleanCloseable b = changes.forCounter("likes").subscribe(Observers.create(likes::add));
             CleanCloseable c = changes.forCountersOfDocument("users/2").subscribe(Observers.create(ofUser2::add));
             CleanCloseable d = changes.forCounterOfDocument("users/1", "views").subscribe(Observers.create(one::add))) {
            counters("users/1", "likes", 5);
            counters("users/1", "likes", 2);
            counters("users/2", "views", 1);
            counters("users/1", "views", 3);
            var created = nextCounter(all);
            assertThat(created.getName()).isEqualTo("likes");
            assertThat(created.getDocumentId()).isEqualTo("users/1");
            assertThat(created.getValue()).isEqualTo(5L);
            assertThat(created.getType()).isEqualTo(net.ravendb.client.documents.changes.CounterChangeTypes.PUT);
            assertThat(created.getCollectionName()).isEqualTo("Users");
            var incremented = nextCounter(likes);
            assertThat(nextCounter(likes).getValue()).isEqualTo(7L);
            assertThat(incremented.getValue()).isEqualTo(5L);
            assertThat(nextCounter(ofUser2).getName()).isEqualTo("views");
            assertThat(nextCounter(one).getValue()).isEqualTo(3L);
            try (IDocumentSession session = fixture.store().openSession()) {
                session.countersFor("users/1").delete("likes");
                session.saveChanges();
            }
            assertThat(nextCounter(likes).getType())
                    .isEqualTo(net.ravendb.client.documents.changes.CounterChangeTypes.DELETE);
            Thread.sleep(300);
            assertThat(ofUser2.poll()).as("users/2's watch saw only users/2").isNull();
            assertThat(one.poll()).as("the one counter's watch saw only it").isNull();
        } finally {
            changes.close();
        }
    }

    @Test
    void operationsAreToldUntilTheyEnd() throws Exception {
        for (int i = 0; i < 30; i++) {
            store("users/" + i);
        }
        IDatabaseChanges changes = fixture.store().changes();
        changes.ensureConnectedNow();
        BlockingQueue<net.ravendb.client.documents.changes.OperationStatusChange> all = new LinkedBlockingQueue<>();
        try (CleanCloseable watch = changes.forAllOperations().subscribe(Observers.create(all::add))) {
            var operation = fixture.store().operations().sendAsync(new net.ravendb.client.documents.operations
                    .PatchByQueryOperation("from Users update { this.Age = 2 }"));
            net.ravendb.client.documents.changes.OperationStatusChange change;
            do {
                change = all.poll(10, TimeUnit.SECONDS);
                assertThat(change).as("an operation change within 10 s").isNotNull();
                assertThat(change.getOperationId()).isEqualTo(operation.getId());
            } while ("InProgress".equals(change.getState().path("Status").asText()));
            assertThat(change.getState().path("Status").asText()).isEqualTo("Completed");
            assertThat(change.getState().path("Result").path("Total").asLong()).isEqualTo(30);
            operation.waitForCompletion();
            // one operation watched by id: told too (the client subscribes after it started, so only its end)
            var second = fixture.store().operations().sendAsync(new net.ravendb.client.documents.operations
                    .DeleteByQueryOperation("from Users"));
            BlockingQueue<net.ravendb.client.documents.changes.OperationStatusChange> one = new LinkedBlockingQueue<>();
            try (CleanCloseable byId = changes.forOperationId(second.getId()).subscribe(Observers.create(one::add))) {
                second.waitForCompletion();
                Thread.sleep(200);
            }
            assertThat(all).as("the all-operations watch saw the second one").isNotEmpty()
                    .allMatch(c -> c.getOperationId() == second.getId());
        } finally {
            changes.close();
        }
    }

    private void counters(String id, String name, long delta) {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.countersFor(id).increment(name, delta);
            session.saveChanges();
        }
    }

    private static net.ravendb.client.documents.changes.CounterChange nextCounter(
            BlockingQueue<net.ravendb.client.documents.changes.CounterChange> queue) throws InterruptedException {
        var change = queue.poll(10, TimeUnit.SECONDS);
        assertThat(change).as("a counter change within 10 s").isNotNull();
        return change;
    }

    @Test
    void aBulkInsertIsToldDocumentByDocument() throws Exception {
        IDatabaseChanges changes = fixture.store().changes();
        changes.ensureConnectedNow();
        BlockingQueue<DocumentChange> all = new LinkedBlockingQueue<>();
        try (CleanCloseable watch = changes.forAllDocuments().subscribe(Observers.create(all::add))) {
            try (var bulk = fixture.store().bulkInsert()) {
                for (int i = 0; i < 2000; i++) {
                    bulk.store(new User("b" + i, i), "users/b" + i);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (all.size() < 2000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(all).hasSize(2000);
        } finally {
            changes.close();
        }
    }

    @Test
    void aChangesConnectionToAMissingDatabaseIsRefused() throws Exception {
        java.net.http.WebSocket.Builder builder = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder();
        java.util.concurrent.CompletableFuture<java.net.http.WebSocket> socket = builder.buildAsync(
                java.net.URI.create(ClientFixture.URL.replace("http", "ws") + "/databases/no-such-db/changes"),
                new java.net.http.WebSocket.Listener() { });
        assertThat(socket).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingRootCause().withMessageContaining("status code 503");
    }
}
