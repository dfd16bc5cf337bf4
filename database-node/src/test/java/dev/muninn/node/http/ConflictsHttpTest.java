package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.documents.Ticks;
import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.commands.GetConflictsCommand;
import net.ravendb.client.documents.commands.GetConflictsResult;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.documents.DocumentConflictException;
import net.ravendb.client.serverwide.operations.ModifyConflictSolverOperation;
import net.ravendb.client.serverwide.ScriptResolver;

/**
 * Conflicts as the official client sees them. A concurrent version arrives the way replication delivers it (a batch
 * from another member's database id); the client then lists the versions, resolves by hand, and the solver's rules
 * (including Muninn's authoritative node) decide later conflicts.
 */
@QuarkusTest
class ConflictsHttpTest extends ClientTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private void storeLocally(String id, String name) {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User(name, 30), id);
            session.saveChanges();
        }
    }

    /** A version written concurrently on node B (database id REMOTEDB), delivered as a replication batch. */
    private JsonNode replicateFromB(String id, String name, long etag, long lastModifiedTicks) throws Exception {
        String batch = JSON.writeValueAsString(Map.of("Items", new Object[] {Map.of(
                "Id", id, "Collection", "Users", "ChangeVector", "B:" + etag + "-REMOTEDB",
                "LastModified", lastModifiedTicks, "Flags", 0,
                "Body", Map.of("name", name, "age", 31, "@metadata", Map.of("@collection", "Users",
                        "Raven-Java-Type", User.class.getName())))}));
        return send("POST", "/replication/batch?source=REMOTEDB&lastEtag=" + etag, batch);
    }

    private JsonNode send(String method, String path, String body) throws Exception {
        String url = ClientFixture.URL + (path.startsWith("/admin") ? "" : "/databases/" + fixture.database()) + path;
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("_status", response.statusCode());
        return json;
    }

    private double conflictedVersionsMetric() throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("muninn_database_conflicted_versions{")
                        && l.contains("database=\"" + fixture.database() + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private GetConflictsResult conflictsOf(String id) {
        GetConflictsCommand command = new GetConflictsCommand(id);
        fixture.store().getRequestExecutor().execute(command);
        return command.getResult();
    }

    @Test
    void theClientListsTheConflictingVersionsAndAPutResolvesThem() throws Exception {
        storeLocally("users/1", "local");
        assertThat(replicateFromB("users/1", "remote", 7, Ticks.now()).path("Conflicts").asInt()).isEqualTo(1);

        try (IDocumentSession session = fixture.store().openSession()) {
            assertThatThrownBy(() -> session.load(User.class, "users/1")).isInstanceOf(DocumentConflictException.class);
        }
        GetConflictsResult conflicts = conflictsOf("users/1");
        assertThat(conflicts.getId()).isEqualTo("users/1");
        assertThat(conflicts.getResults()).hasSize(2);
        assertThat(Arrays.stream(conflicts.getResults()).map(c -> c.getDoc().path("name").asText()))
                .containsExactlyInAnyOrder("local", "remote");
        assertThat(Arrays.stream(conflicts.getResults()).map(GetConflictsResult.Conflict::getChangeVector))
                .anyMatch(cv -> cv.contains("B:7-REMOTEDB")).allMatch(cv -> !cv.isBlank());
        assertThat(conflicts.getLargestEtag()).isPositive();

        JsonNode listing = send("GET", "/replication/conflicts", null);
        assertThat(listing.path("TotalResults").asLong()).isEqualTo(1);
        assertThat(listing.path("Results").get(0).path("Id").asText()).isEqualTo("users/1");
        assertThat(listing.path("Results").get(0).path("ConflictsPerDocument").asInt()).isEqualTo(2);

        assertThat(conflictedVersionsMetric()).as("operators see waiting conflicts").isEqualTo(2.0);

        storeLocally("users/1", "merged by hand");
        assertThat(conflictedVersionsMetric()).isZero();
        assertThat(conflictsOf("users/1").getResults()).isEmpty();
        assertThat(send("GET", "/replication/conflicts", null).path("TotalResults").asLong()).isZero();
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "users/1").getName()).isEqualTo("merged by hand");
        }
    }

    @Test
    void theAuthoritativeNodeWinsOverALaterWriteElsewhere() throws Exception {
        String tag = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL
                + "/cluster/node-info")).build(), HttpResponse.BodyHandlers.ofString()).body()).path("NodeTag").asText();
        JsonNode solver = send("POST", "/admin/replication/conflicts/solver?name=" + fixture.database(),
                "{\"AuthoritativeNode\":\"" + tag + "\",\"ResolveToLatest\":true}");
        assertThat(solver.path("_status").asInt()).isEqualTo(200);

        storeLocally("users/2", "written on the authoritative node");
        long later = Ticks.now() + 10_000_000L; // B's write is a second later: resolve-to-latest alone would pick it
        assertThat(replicateFromB("users/2", "written later on B", 9, later).path("Conflicts").asInt()).isZero();
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "users/2").getName()).isEqualTo("written on the authoritative node");
        }
        // A document only B wrote in the conflict falls through to the next rule (resolve to latest).
        storeLocally("users/3", "earlier");
        send("POST", "/admin/replication/conflicts/solver?name=" + fixture.database(),
                "{\"AuthoritativeNode\":null,\"ResolveToLatest\":true}");
        replicateFromB("users/3", "later on B", 11, later);
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "users/3").getName()).isEqualTo("later on B");
        }
    }

    @Test
    void aSolverThatCannotWorkIsRefusedUpFront() throws Exception {
        assertThatThrownBy(() -> fixture.store().maintenance().server().send(new ModifyConflictSolverOperation(
                fixture.database(), Map.of("Users", scriptResolver("return docs[0] +;")), false)))
                .hasMessageContaining("does not compile");
        JsonNode badTag = send("POST", "/admin/replication/conflicts/solver?name=" + fixture.database(),
                "{\"AuthoritativeNode\":\"node one\"}");
        assertThat(badTag.path("_status").asInt()).isEqualTo(400);
        assertThat(badTag.path("Message").asText()).contains("AuthoritativeNode");
        JsonNode unknownNode = send("POST", "/admin/replication/conflicts/solver?name=" + fixture.database(),
                "{\"AuthoritativeNode\":\"Z\",\"ResolveToLatest\":true}");
        assertThat(unknownNode.path("_status").asInt()).isEqualTo(400);
        assertThat(unknownNode.path("Message").asText()).contains("'Z' is not a node of this cluster");
        for (String[] bad : new String[][]{{"{\"ResolveToLatest\":\"yes\"}", "ResolveToLatest must be true or false"},
                {"{\"ResolveByCollection\":[]}", "ResolveByCollection must be an object"},
                {"{\"ResolveByCollection\":{\"Users\":{\"Script\":5}}}", "ResolveByCollection.Users must be"}}) {
            JsonNode refused = send("POST", "/admin/replication/conflicts/solver?name=" + fixture.database(), bad[0]);
            assertThat(refused.path("_status").asInt()).as(bad[0]).isEqualTo(400);
            assertThat(refused.path("Message").asText()).as(bad[0]).contains(bad[1]);
        }
    }

    private static ScriptResolver scriptResolver(String script) {
        ScriptResolver resolver = new ScriptResolver();
        resolver.setScript(script);
        return resolver;
    }
}
