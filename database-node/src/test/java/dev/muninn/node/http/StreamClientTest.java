package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.BulkInsertOperation;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.documents.session.IDocumentQuery;
import net.ravendb.client.primitives.Reference;
import net.ravendb.client.documents.session.StreamQueryStatistics;

/** The client's stream() of a query and of an id prefix, whatever the result's size. */
@QuarkusTest
class StreamClientTest extends ClientTestBase {
    private void load(int count) {
        try (BulkInsertOperation bulk = fixture.store().bulkInsert()) {
            for (int i = 0; i < count; i++) {
                bulk.store(new User("s" + i, i % 10), String.format("users/%05d", i));
            }
            bulk.store(new User("other", 99), "others/1"); // a User, outside the users/ prefix
        }
    }

    @Test
    void streamsAQueryWithItsStatistics() {
        load(3000);
        try (IDocumentSession session = fixture.store().openSession()) {
            IDocumentQuery<User> query = session.query(User.class).whereEquals("age", 3);
            Reference<StreamQueryStatistics> stats = new Reference<>();
            List<String> names = new ArrayList<>();
            try (var results = session.advanced().stream(query, stats)) {
                results.forEachRemaining(result -> names.add(result.getDocument().getName()));
            }
            assertThat(names).hasSize(300).contains("s3", "s2993").doesNotContain("other");
            assertThat(stats.value.getIndexName()).isNotBlank();
        }
    }

    @Test
    void streamsAnIdPrefixWithPagingAndPatterns() {
        load(2500);
        try (IDocumentSession session = fixture.store().openSession()) {
            List<String> ids = new ArrayList<>();
            try (var results = session.advanced().stream(User.class, "users/")) {
                results.forEachRemaining(result -> ids.add(result.getId()));
            }
            assertThat(ids).hasSize(2500).startsWith("users/00000").endsWith("users/02499");
            List<String> page = new ArrayList<>();
            try (var results = session.advanced().stream(User.class, "users/", "0001*", 5, 3, null)) {
                results.forEachRemaining(result -> page.add(result.getId()));
            }
            assertThat(page).containsExactly("users/00015", "users/00016", "users/00017");
        }
    }

    @Test
    void jsonLinesForClientsThatAskForThem() throws Exception {
        load(20);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                ClientFixture.URL + "/databases/" + fixture.database() + "/streams/queries?format=jsonl"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"Query\":\"from Users where age = 1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        String[] lines = answer.body().trim().split("\n");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines[0]).path("Stats").has("ResultEtag")).isTrue();
        assertThat(lines).hasSize(3);
        JsonNode item = json.readTree(lines[1]).path("Item");
        assertThat(item.path("age").asInt()).isEqualTo(1);
        HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                ClientFixture.URL + "/databases/" + fixture.database() + "/streams/docs?format=xml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

}
