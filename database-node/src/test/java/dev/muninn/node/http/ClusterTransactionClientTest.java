package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.operations.compareExchange.CompareExchangeValue;
import net.ravendb.client.documents.operations.compareExchange.GetCompareExchangeValueOperation;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.documents.session.SessionOptions;
import net.ravendb.client.documents.session.TransactionMode;
import net.ravendb.client.exceptions.ClusterTransactionConcurrencyException;

import dev.muninn.node.http.ClientFixture.User;

/**
 * Cluster-wide session transactions through the official client: documents and compare-exchange values committed
 * together, atomic guards that let exactly one of two racing sessions win, and bad batches refused whole.
 */
@QuarkusTest
class ClusterTransactionClientTest extends ClientTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private IDocumentSession clusterSession() {
        SessionOptions options = new SessionOptions();
        options.setTransactionMode(TransactionMode.CLUSTER_WIDE);
        return fixture.store().openSession(options);
    }

    @Test
    void documentsAndCompareExchangeValuesAreCommittedTogether() {
        try (IDocumentSession session = clusterSession()) {
            session.store(new User("Ayende", 41), "users/ayende");
            session.store(new User("Oren", 42), "users/oren");
            session.advanced().clusterTransaction().createCompareExchangeValue("emails/ayende@example.com",
                    "users/ayende");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            User ayende = session.load(User.class, "users/ayende");
            assertThat(ayende.getName()).isEqualTo("Ayende");
            assertThat(session.advanced().getChangeVectorFor(ayende)).startsWith("RAFT:");
            assertThat(session.load(User.class, "users/oren").getAge()).isEqualTo(42);
        }
        CompareExchangeValue<String> email = fixture.store().operations()
                .send(new GetCompareExchangeValueOperation<>(String.class, "emails/ayende@example.com"));
        assertThat(email.getValue()).isEqualTo("users/ayende");
        CompareExchangeValue<Object> guard = fixture.store().operations()
                .send(new GetCompareExchangeValueOperation<>(Object.class, "rvn-atomic/users/ayende"));
        assertThat(guard).isNotNull();
        assertThat(guard.getIndex()).isEqualTo(email.getIndex());
    }

    @Test
    void ofTwoSessionsThatReadTheSameVersionOnlyTheFirstToSaveWins() {
        try (IDocumentSession session = clusterSession()) {
            session.store(new User("Account", 100), "accounts/1");
            session.saveChanges();
        }
        IDocumentSession first = clusterSession();
        IDocumentSession second = clusterSession();
        first.load(User.class, "accounts/1").setAge(90);
        second.load(User.class, "accounts/1").setAge(80);
        first.saveChanges();
        assertThatThrownBy(second::saveChanges).isInstanceOf(ClusterTransactionConcurrencyException.class)
                .hasMessageContaining("accounts/1");
        first.close();
        second.close();
        try (IDocumentSession session = clusterSession()) {
            User account = session.load(User.class, "accounts/1");
            assertThat(account.getAge()).isEqualTo(90);
            account.setAge(70); // a fresh read is allowed to write
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "accounts/1").getAge()).isEqualTo(70);
        }
    }

    @Test
    void aNewDocumentCannotOverwriteOneThatExistsClusterWide() {
        try (IDocumentSession session = clusterSession()) {
            session.store(new User("Original", 1), "users/unique");
            session.saveChanges();
        }
        try (IDocumentSession session = clusterSession()) {
            session.store(new User("Intruder", 2), "users/unique");
            assertThatThrownBy(session::saveChanges).isInstanceOf(ClusterTransactionConcurrencyException.class);
        }
        try (IDocumentSession session = clusterSession()) {
            session.delete("users/unique"); // blind: the session never saw the version it deletes
            assertThatThrownBy(session::saveChanges).isInstanceOf(ClusterTransactionConcurrencyException.class);
        }
        try (IDocumentSession session = clusterSession()) {
            session.delete(session.load(User.class, "users/unique"));
            session.saveChanges();
        }
        try (IDocumentSession session = clusterSession()) {
            session.store(new User("Successor", 3), "users/unique");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "users/unique").getName()).isEqualTo("Successor");
        }
    }

    @Test
    void aCompareExchangeReservationIsGrantedOnce() {
        try (IDocumentSession session = clusterSession()) {
            session.advanced().clusterTransaction().createCompareExchangeValue("names/raven", "first");
            session.store(new User("Raven", 1), "users/first");
            session.saveChanges();
        }
        try (IDocumentSession session = clusterSession()) {
            session.advanced().clusterTransaction().createCompareExchangeValue("names/raven", "second");
            session.store(new User("Raven", 2), "users/second");
            assertThatThrownBy(session::saveChanges).isInstanceOf(ClusterTransactionConcurrencyException.class)
                    .hasMessageContaining("names/raven");
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "users/second")).as("nothing of a refused transaction").isNull();
        }
    }

    @Test
    void aDocumentWrittenByANormalSessionCanBeTakenOverByAClusterSession() {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("Plain", 1), "users/plain");
            session.saveChanges();
        }
        try (IDocumentSession session = clusterSession()) {
            session.load(User.class, "users/plain").setAge(2);
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/plain");
            assertThat(user.getAge()).isEqualTo(2);
            assertThat(session.advanced().getChangeVectorFor(user)).contains("RAFT:").contains("A:");
        }
    }

    @Test
    void unsupportedCommandsAndModesAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> patch = post("{\"TransactionMode\":\"ClusterWide\",\"Commands\":[{\"Type\":\"PATCH\","
                + "\"Id\":\"users/1\",\"Patch\":{\"Script\":\"this.a = 1\"}}]}");
        assertThat(patch.statusCode()).isEqualTo(400);
        assertThat(patch.body()).contains("'PATCH'").contains("not supported in a cluster-wide transaction");
        HttpResponse<String> noId = post("{\"TransactionMode\":\"ClusterWide\",\"Commands\":[{\"Type\":\"PUT\","
                + "\"Id\":\"users/\",\"Document\":{}}]}");
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(noId.body()).contains("complete document id");
        HttpResponse<String> mode = post("{\"TransactionMode\":\"Sometimes\",\"Commands\":[]}");
        assertThat(mode.statusCode()).isEqualTo(400);
        assertThat(mode.body()).contains("TransactionMode must be SingleNode or ClusterWide");
        HttpResponse<String> index = post("{\"TransactionMode\":\"ClusterWide\",\"Commands\":[{\"Type\":"
                + "\"CompareExchangePUT\",\"Id\":\"k\",\"Index\":\"x\",\"Document\":{}}]}");
        assertThat(index.statusCode()).isEqualTo(400);
        assertThat(index.body()).contains("needs an Index >= 0");
    }

    @Test
    void aReadNamingTheSessionsTransactionIndexSeesItsWrites() throws Exception {
        long index;
        try (IDocumentSession session = clusterSession()) {
            session.advanced().clusterTransaction().createCompareExchangeValue("only/compare-exchange", "v");
            session.saveChanges();
        }
        try (IDocumentSession session = clusterSession()) {
            session.store(new User("Reader", 7), "users/reader");
            session.saveChanges();
            index = fixture.store().operations().send(new GetCompareExchangeValueOperation<>(Object.class,
                    "rvn-atomic/users/reader")).getIndex();
        }
        // The compare-exchange-only transaction before it has nothing to apply: it must not hold the read up.
        HttpResponse<String> read = get("/docs?id=users/reader", String.valueOf(index));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("Reader");
        HttpResponse<String> bad = get("/docs?id=users/reader", "soon");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Known-Raft-Index must be a number");
    }

    private HttpResponse<String> get(String pathAndQuery, String knownRaftIndex) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/databases/" + fixture.database()
                + pathAndQuery)).header("Known-Raft-Index", knownRaftIndex).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/databases/" + fixture.database()
                        + "/bulk_docs")).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
