package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.BulkInsertOperation;
import net.ravendb.client.documents.bulkInsert.BulkInsertOptions;
import net.ravendb.client.documents.operations.GetCollectionStatisticsOperation;
import net.ravendb.client.documents.operations.attachments.CloseableAttachmentResult;
import net.ravendb.client.documents.session.IDocumentSession;

/** The client's bulkInsert(): a streamed body written in batches, with attachments, compression and errors. */
@QuarkusTest
class BulkInsertClientTest extends ClientTestBase {
    private long users() {
        return fixture.store().maintenance().send(new GetCollectionStatisticsOperation()).getCollections()
                .getOrDefault("Users", 0L);
    }

    @Test
    void insertsManyDocumentsAcrossBatches() {
        try (BulkInsertOperation bulk = fixture.store().bulkInsert()) {
            for (int i = 0; i < 5000; i++) {
                bulk.store(new User("bulk" + i, i), "users/" + i);
            }
        }
        assertThat(users()).isEqualTo(5000);
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "users/4999").getName()).isEqualTo("bulk4999");
            assertThat(session.query(User.class).whereEquals("name", "bulk1234").single().getAge()).isEqualTo(1234);
        }
    }

    @Test
    void insertsAttachmentsAndCompressedStreams() throws Exception {
        BulkInsertOptions options = new BulkInsertOptions();
        options.setUseCompression(true);
        try (BulkInsertOperation bulk = fixture.store().bulkInsert(options)) {
            for (int i = 0; i < 300; i++) {
                bulk.store(new User("z" + i, i), "users/z" + i);
                bulk.attachmentsFor("users/z" + i).store("photo.bin", ("bytes of " + i)
                        .getBytes(StandardCharsets.UTF_8), "application/octet-stream");
            }
        }
        assertThat(users()).isEqualTo(300);
        try (IDocumentSession session = fixture.store().openSession();
             CloseableAttachmentResult attachment = session.advanced().attachments().get("users/z299", "photo.bin")) {
            assertThat(new String(attachment.getData().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("bytes of 299");
        }
    }

    @Test
    void aBrokenStreamFailsTheOperationAndKeepsTheBatchesBefore() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = ClientFixture.URL + "/databases/" + fixture.database();
        JsonNode id = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base
                + "/operations/next-operation-id")).build(), HttpResponse.BodyHandlers.ofString()).body());
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 1500; i++) {
            body.append("{\"Id\":\"users/r").append(i).append("\",\"Type\":\"PUT\",\"Document\":{\"name\":\"r\","
                    + "\"@metadata\":{\"@collection\":\"Users\"}}},");
        }
        body.append("{\"Type\":\"Counters\",\"Id\":\"users/r0\"}]");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/bulk_insert?id="
                + id.path("Id").asLong())).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(answer.body()).path("Message").asText())
                .contains("A bulk insert Counters command must be an object with DocumentId and Operations");
        assertThat(users()).as("the full batches were committed, the last one not").isBetween(1024L, 1499L);
        JsonNode state = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base
                + "/operations/state?id=" + id.path("Id").asLong())).build(), HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(state.path("Status").asText()).isEqualTo("Faulted");
        for (String bad : new String[]{"{", "[{\"Type\":\"PUT\",\"Id\":\"x\",\"Document\":5}]", "[]x", "[1]"}) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/bulk_insert?id=77"))
                    .POST(HttpRequest.BodyPublishers.ofString(bad)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(new ObjectMapper().readTree(refused.body()).path("Message").asText()).as(bad).isNotBlank();
        }
    }

    @Test
    void theClientSeesAFailureAsBulkInsertAborted() {
        assertThatThrownBy(() -> {
            try (BulkInsertOperation bulk = fixture.store().bulkInsert()) {
                bulk.store(new User("ok", 1), "users/ok");
                bulk.store(new User("bad", 2), "users/bad|");
            }
        }).isInstanceOf(UnsupportedOperationException.class); // the client refuses this one itself
        assertThatThrownBy(() -> {
            try (BulkInsertOperation bulk = fixture.store().bulkInsert()) {
                bulk.store(new User("ok", 1), "users/ok");
                bulk.countersFor("users/never-stored").increment("likes"); // refused by the node, in its batch
            }
        }).hasMessageContaining("users/never-stored").hasMessageContaining("does not exist");
    }

    @Test
    void loadingTheSameDataAgainWithSkipOverwriteIfUnchangedWritesOnlyWhatChanged() {
        try (BulkInsertOperation bulk = fixture.store().bulkInsert()) {
            bulk.store(new User("same", 1), "users/same");
            bulk.store(new User("old", 1), "users/changed");
        }
        String sameBefore;
        String changedBefore;
        try (IDocumentSession session = fixture.store().openSession()) {
            sameBefore = session.advanced().getChangeVectorFor(session.load(User.class, "users/same"));
            changedBefore = session.advanced().getChangeVectorFor(session.load(User.class, "users/changed"));
        }
        BulkInsertOptions options = new BulkInsertOptions();
        options.setSkipOverwriteIfUnchanged(true);
        try (BulkInsertOperation bulk = fixture.store().bulkInsert(options)) {
            bulk.store(new User("same", 1), "users/same");
            bulk.store(new User("new", 2), "users/changed");
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.advanced().getChangeVectorFor(session.load(User.class, "users/same")))
                    .isEqualTo(sameBefore);
            User changed = session.load(User.class, "users/changed");
            assertThat(changed.getName()).isEqualTo("new");
            assertThat(session.advanced().getChangeVectorFor(changed)).isNotEqualTo(changedBefore);
        }
    }
}
