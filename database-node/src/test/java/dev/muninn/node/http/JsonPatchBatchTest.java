package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.session.IDocumentSession;

/**
 * The batch command {@code JsonPatch} (RFC 6902), which the Python client 7.2 sends for {@code session.advanced.patch}
 * by default, as that client sends it: applied in the batch's transaction, answered with type {@code JsonPatch}, the
 * status and the document after; a malformed one or a failing {@code test} refused and nothing written.
 */
@QuarkusTest
class JsonPatchBatchTest extends ClientTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponse<String> batch(String commands) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/databases/" + fixture.database()
                + "/bulk_docs")).POST(HttpRequest.BodyPublishers.ofString("{\"Commands\":[" + commands + "]}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String jsonPatch(String id, String operations) {
        return "{\"Id\":\"" + id + "\",\"ChangeVector\":null,\"JsonPatch\":{\"Operations\":" + operations
                + "},\"ReturnDocument\":true,\"Type\":\"JsonPatch\"}";
    }

    @Test
    void operationsApplyInOrderAndTheResultNamesTheType() throws Exception {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("Json", 30), "jsonpatch/1");
            session.saveChanges();
        }
        HttpResponse<String> response = batch(jsonPatch("jsonpatch/1", """
                [{"op":"add","path":"/age","value":31},
                 {"op":"add","path":"/tags","value":["a","c"]},
                 {"op":"add","path":"/tags/1","value":"b"},
                 {"op":"add","path":"/tags/-","value":"d"},
                 {"op":"replace","path":"/tags/0","value":"A"},
                 {"op":"copy","from":"/name","path":"/a~1b"},
                 {"op":"move","from":"/a~1b","path":"/nick"},
                 {"op":"remove","path":"/tags/3"},
                 {"op":"test","path":"/tags","value":["A","b","c"]}]"""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode result = JSON.readTree(response.body()).get("Results").get(0);
        assertThat(result.get("Type").asText()).isEqualTo("JsonPatch");
        assertThat(result.get("PatchStatus").asText()).isEqualTo("Patched");
        assertThat(result.get("ChangeVector").asText()).startsWith("A:");
        JsonNode document = result.get("ModifiedDocument");
        assertThat(document.get("age").asInt()).isEqualTo(31);
        assertThat(document.get("tags").toString()).isEqualTo("[\"A\",\"b\",\"c\"]");
        assertThat(document.get("nick").asText()).isEqualTo("Json");
        assertThat(document.has("a/b")).isFalse();
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "jsonpatch/1").getAge()).isEqualTo(31);
        }
    }

    @Test
    void aFailingTestOrAMissingPathFailsTheBatchAndWritesNothing() throws Exception {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("Kept", 40), "jsonpatch/2");
            session.saveChanges();
        }
        HttpResponse<String> failed = batch(jsonPatch("jsonpatch/2",
                "[{\"op\":\"replace\",\"path\":\"/age\",\"value\":41},{\"op\":\"test\",\"path\":\"/name\",\"value\":\"x\"}]"));
        assertThat(failed.statusCode()).as(failed.body()).isBetween(400, 499);
        assertThat(failed.body()).contains("test failed at /name");
        HttpResponse<String> missing = batch(jsonPatch("jsonpatch/2",
                "[{\"op\":\"remove\",\"path\":\"/nothing/here\"}]"));
        assertThat(missing.statusCode()).as(missing.body()).isBetween(400, 499);
        assertThat(missing.body()).contains("path not found: /nothing/here");
        HttpResponse<String> malformed = batch(jsonPatch("jsonpatch/2", "[{\"op\":\"increment\",\"path\":\"/age\"}]"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("op must be one of");
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "jsonpatch/2").getAge()).isEqualTo(40);
        }
    }
}
