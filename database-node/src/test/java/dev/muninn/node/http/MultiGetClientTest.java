package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.Lazy;
import net.ravendb.client.documents.session.BeforeRequestEventArgs;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.primitives.EventHandler;

/** Lazy operations of the official client 6.0.0, which the node serves as one {@code POST /multi_get} each. */
@QuarkusTest
class MultiGetClientTest extends ClientTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void lazilyLoadsOneAndSeveralIdsWithAMissingOneAsNull() {
        storeUsers(3);
        try (IDocumentSession session = fixture.store().openSession()) {
            Lazy<User> one = session.advanced().lazily().load(User.class, "users/1");
            Lazy<User> missing = session.advanced().lazily().load(User.class, "users/404");
            Lazy<Map<String, User>> several = session.advanced().lazily().load(User.class,
                    List.of("users/2", "users/3", "users/405"));
            assertThat(one.isValueCreated()).isFalse();
            assertThat(one.getValue().getName()).isEqualTo("user1");
            assertThat(missing.getValue()).isNull();
            assertThat(several.getValue()).containsOnlyKeys("users/2", "users/3", "users/405");
            assertThat(several.getValue().get("users/2").getAge()).isEqualTo(22);
            assertThat(several.getValue().get("users/3").getName()).isEqualTo("user3");
            assertThat(several.getValue().get("users/405")).isNull();
        }
    }

    @Test
    void lazyQueryCountAndList() {
        storeUsers(12);
        try (IDocumentSession session = fixture.store().openSession()) {
            Lazy<Integer> adults = session.query(User.class).whereGreaterThanOrEqual("age", 30).countLazily();
            Lazy<List<User>> named = session.query(User.class).whereEquals("name", "user7").lazily();
            Lazy<List<User>> young = session.query(User.class).whereLessThan("age", 24).orderBy("age").lazily();
            session.advanced().eagerly().executeAllPendingLazyOperations();
            assertThat(adults.getValue()).isEqualTo(3); // ages 30, 31, 32
            assertThat(named.getValue()).extracting(User::getId).containsExactly("users/7");
            assertThat(young.getValue()).extracting(User::getAge).containsExactly(21, 22, 23);
        }
    }

    @Test
    void severalLazyOperationsGoInOneRoundTrip() {
        storeUsers(5);
        List<String> urls = new CopyOnWriteArrayList<>();
        EventHandler<BeforeRequestEventArgs> listener = (sender, event) -> urls.add(event.getUrl());
        fixture.store().getRequestExecutor().addOnBeforeRequestListener(listener);
        try (IDocumentSession session = fixture.store().openSession()) {
            int before = session.advanced().getNumberOfRequests();
            Lazy<User> first = session.advanced().lazily().load(User.class, "users/1");
            Lazy<Map<String, User>> others = session.advanced().lazily().load(User.class, List.of("users/2", "users/5"));
            Lazy<Map<String, User>> prefixed = session.advanced().lazily().loadStartingWith(User.class, "users/");
            Lazy<Integer> count = session.query(User.class).countLazily();
            Lazy<List<User>> old = session.query(User.class).whereGreaterThan("age", 23).lazily();
            urls.clear();
            session.advanced().eagerly().executeAllPendingLazyOperations();
            assertThat(session.advanced().getNumberOfRequests()).isEqualTo(before + 1);
            assertThat(urls).singleElement().satisfies(url -> assertThat(url).endsWith("/multi_get"));
            assertThat(first.getValue().getName()).isEqualTo("user1");
            assertThat(others.getValue().get("users/5").getAge()).isEqualTo(25);
            assertThat(prefixed.getValue()).hasSize(5);
            assertThat(count.getValue()).isEqualTo(5);
            assertThat(old.getValue()).extracting(User::getId).containsExactlyInAnyOrder("users/4", "users/5");
            assertThat(urls).as("every value came with the one round trip").hasSize(1);
        } finally {
            fixture.store().getRequestExecutor().removeOnBeforeRequestListener(listener);
        }
    }

    @Test
    void aLazyLoadReadsWhenEvaluatedAndSeesAnotherSessionsChange() {
        storeUsers(1);
        try (IDocumentSession reader = fixture.store().openSession()) {
            Lazy<User> lazy = reader.advanced().lazily().load(User.class, "users/1");
            rename("users/1", "renamed before evaluation");
            assertThat(lazy.getValue().getName()).isEqualTo("renamed before evaluation");
        }
        rename("users/1", "renamed again");
        try (IDocumentSession reader = fixture.store().openSession()) {
            assertThat(reader.advanced().lazily().load(User.class, "users/1").getValue().getName())
                    .as("a later lazy load is not served from a cache of the earlier one").isEqualTo("renamed again");
        }
    }

    @Test
    void tooManyInnerRequestsFailTheWholeMultiGet() throws Exception {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode requests = body.putArray("Requests");
        for (int i = 0; i < MultiGetRequest.MAX_REQUESTS + 1; i++) {
            requests.addObject().put("Url", "/databases/" + fixture.database() + "/docs").put("Query", "?id=users/1");
        }
        HttpResponse<String> tooMany = post(multiGetPath(), body.toString());
        assertThat(tooMany.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(tooMany.body());
        assertThat(error.path("Type").asText()).isEqualTo("Raven.Client.Exceptions.BadRequestException");
        assertThat(error.path("Message").asText()).contains("at most 1024 requests").contains("1025");

        HttpResponse<String> noDatabase = post("/databases/no-such-db/multi_get", "{\"Requests\":[]}");
        assertThat(JSON.readTree(noDatabase.body()).path("Type").asText())
                .isEqualTo("Raven.Client.Exceptions.Database.DatabaseDoesNotExistException");

        HttpResponse<String> noRequests = post(multiGetPath(), "{\"Requests\":{}}");
        assertThat(noRequests.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noRequests.body()).path("Message").asText()).contains("Requests");

        requests.removeAll();
        for (int i = 0; i < MultiGetRequest.MAX_REQUESTS; i++) {
            requests.addObject().put("Url", "/databases/" + fixture.database() + "/docs").put("Query", "?id=users/1");
        }
        HttpResponse<String> atTheLimit = post(multiGetPath(), body.toString());
        assertThat(atTheLimit.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(atTheLimit.body()).path("Results")).hasSize(MultiGetRequest.MAX_REQUESTS)
                .allSatisfy(result -> assertThat(result.path("StatusCode").asInt()).isEqualTo(404));
    }

    @Test
    void innerRequestsOutsideTheDatabaseOrNestedAreRefusedAlone() throws Exception {
        storeUsers(1);
        String db = "/databases/" + fixture.database();
        String body = "{\"Requests\":["
                + "{\"Url\":\"/admin/databases\",\"Query\":\"?name=x\",\"Method\":\"GET\"},"
                + "{\"Url\":\"" + db + "/../../admin/databases\",\"Query\":null},"
                + "{\"Url\":\"" + db + "/%2e%2e/other/docs\",\"Query\":\"?id=users/1\"},"
                + "{\"Url\":\"/databases/someotherdb/docs\",\"Query\":\"?id=users/1\"},"
                + "{\"Url\":\"" + db + "/multi_get\",\"Method\":\"POST\",\"Content\":{\"Requests\":[]}},"
                + "{\"Url\":\"" + db + "/docs\",\"Query\":\"?&id=users%2F1\",\"Method\":\"GET\","
                + "\"Headers\":{\"If-None-Match\":null},\"Content\":null},"
                + "{\"Url\":\"" + db + "/queries\",\"Query\":\"?queryHash=1\",\"Method\":\"POST\","
                + "\"Content\":{\"Query\":\"from Users where (((\"}},"
                + "{\"Url\":\"" + db + "/no-such-route\"}"
                + "]}";
        HttpResponse<String> answer = post(multiGetPath(), body);
        assertThat(answer.statusCode()).as("inner failures leave the multi_get a 200").isEqualTo(200);
        JsonNode results = JSON.readTree(answer.body()).path("Results");
        assertThat(results).hasSize(8);
        for (int i = 0; i < 4; i++) {
            assertThat(results.get(i).path("StatusCode").asInt()).as("request %d", i).isEqualTo(400);
            assertThat(results.get(i).path("Result").path("Type").asText())
                    .isEqualTo("Raven.Client.Exceptions.BadRequestException");
        }
        assertThat(results.get(0).path("Result").path("Message").asText()).contains("must stay in its database");
        assertThat(results.get(1).path("Result").path("Message").asText()).contains("plain path");
        assertThat(results.get(2).path("Result").path("Message").asText()).contains("plain path");
        assertThat(results.get(3).path("Result").path("Message").asText()).contains("must stay in its database");
        assertThat(results.get(4).path("StatusCode").asInt()).isEqualTo(400);
        assertThat(results.get(4).path("Result").path("Message").asText()).contains("cannot contain a multi_get");
        assertThat(results.get(5).path("StatusCode").asInt()).isEqualTo(200);
        assertThat(results.get(5).path("Result").path("Results").get(0).path("name").asText()).isEqualTo("user1");
        assertThat(results.get(6).path("StatusCode").asInt()).as("the route's own error").isEqualTo(400);
        assertThat(results.get(6).path("Result").path("Type").asText())
                .isEqualTo("Raven.Client.Exceptions.InvalidQueryException");
        assertThat(results.get(7).path("StatusCode").asInt()).isEqualTo(400);
        assertThat(results.get(7).path("Result").path("Type").asText())
                .isEqualTo("Raven.Client.Exceptions.Routing.RouteNotFoundException");
        assertThat(results).allSatisfy(result -> assertThat(result.path("Headers").isObject()).isTrue());
    }

    private String multiGetPath() {
        return "/databases/" + fixture.database() + "/multi_get";
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ClientFixture.URL + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** users/1..n, named user{i}, aged 20 + i. */
    private void storeUsers(int n) {
        try (IDocumentSession session = fixture.store().openSession()) {
            for (int i = 1; i <= n; i++) {
                session.store(new User("user" + i, 20 + i), "users/" + i);
            }
            session.saveChanges();
        }
    }

    private void rename(String id, String name) {
        try (IDocumentSession writer = fixture.store().openSession()) {
            writer.load(User.class, id).setName(name);
            writer.saveChanges();
        }
    }
}
