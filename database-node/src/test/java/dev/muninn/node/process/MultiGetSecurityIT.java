package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.process.SecurityIT.Person;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pkcs12;
import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.Lazy;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.certificates.DatabaseAccess;
import net.ravendb.client.serverwide.operations.certificates.PutClientCertificateOperation;
import net.ravendb.client.serverwide.operations.certificates.SecurityClearance;

/**
 * multi_get on a secured node: the inner requests reach the node over HTTPS and act as the client that sent the
 * multi_get, with its grant and never the node's own rights; a forged ticket is refused.
 */
@Tag("process")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiGetSecurityIT {
    private SecureCluster cluster;
    private IssuedCertificate reader;

    @BeforeAll
    void start() throws Exception {
        cluster = new SecureCluster(Files.createTempDirectory("multi-get-it"), 1, 19870).start();
        try (DocumentStore admin = store(cluster.admin)) {
            admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("lazy"), 1));
            try (IDocumentSession session = admin.openSession()) {
                session.store(new Person("Ada"), "people/1");
                session.store(new Person("Bob"), "people/2");
                session.saveChanges();
            }
            reader = cluster.ca.issueClient("lazy-reader", Duration.ofDays(1));
            admin.maintenance().server().send(new PutClientCertificateOperation("lazy-reader",
                    java.util.Base64.getEncoder().encodeToString(reader.certificate().getEncoded()),
                    Map.of("lazy", DatabaseAccess.READ), SecurityClearance.VALID_USER));
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void lazyOperationsWorkOverHttpsWithTheClientsGrant() {
        try (DocumentStore asReader = store(reader); IDocumentSession session = asReader.openSession()) {
            Lazy<Person> ada = session.advanced().lazily().load(Person.class, "people/1");
            Lazy<Integer> count = session.query(Person.class).countLazily();
            int before = session.advanced().getNumberOfRequests();
            assertThat(ada.getValue().getName()).isEqualTo("Ada");
            assertThat(count.getValue()).isEqualTo(2);
            assertThat(session.advanced().getNumberOfRequests()).isEqualTo(before + 1);
        }
    }

    @Test
    void anInnerRequestHasNoMoreRightsThanTheClient() throws Exception {
        String body = "{\"Requests\":["
                + "{\"Url\":\"/databases/lazy/docs\",\"Query\":\"?id=people/2\"},"
                + "{\"Url\":\"/databases/lazy/docs\",\"Query\":\"?id=people/9\",\"Method\":\"PUT\","
                + "\"Content\":{\"name\":\"Mallory\"}}]}";
        HttpResponse<String> answer = post(cluster.client(reader), "/databases/lazy/multi_get", body, Map.of());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode results = ClusterFixture.JSON.readTree(answer.body()).path("Results");
        assertThat(results.get(0).path("StatusCode").asInt()).isEqualTo(200);
        assertThat(results.get(0).path("Result").path("Results").get(0).path("name").asText()).isEqualTo("Bob");
        assertThat(results.get(1).path("StatusCode").asInt()).as("a reader cannot write, even from inside")
                .isEqualTo(403);
        assertThat(results.get(1).path("Result").path("Message").asText()).contains("lazy-reader");
        try (DocumentStore admin = store(cluster.admin); IDocumentSession session = admin.openSession()) {
            assertThat(session.load(Person.class, "people/9")).isNull();
        }
    }

    @Test
    void aForgedTicketAndAMissingCertificateAreRefused() throws Exception {
        HttpResponse<String> forged = cluster.client(null).send(HttpRequest.newBuilder(URI.create(cluster.node(0).url()
                + "/databases/lazy/docs?id=people/1")).header("Muninn-Multi-Get-Ticket", "guessed").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("does not name a multi_get");
        HttpResponse<String> anonymous = post(cluster.client(null), "/databases/lazy/multi_get",
                "{\"Requests\":[{\"Url\":\"/databases/lazy/docs\",\"Query\":\"?id=people/1\"}]}", Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).doesNotContain("Ada");
    }

    private HttpResponse<String> post(HttpClient client, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.node(0).url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private DocumentStore store(IssuedCertificate certificate) {
        DocumentStore store = new DocumentStore(cluster.nodes.stream().map(NodeProcess::url).toArray(String[]::new),
                "lazy");
        store.setCertificate(Pkcs12.keyStore(certificate, ""));
        store.setTrustStore(cluster.trustStore());
        store.initialize();
        return store;
    }
}
