package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.session.IDocumentSession;

/**
 * Loads served by {@link DocumentLoadRoute} answer exactly as the REST layer does: each request is sent as the
 * client sends it (served by the route) and again with {@code start=0}, which the route leaves to
 * {@link DocumentsResource} and which changes nothing for a load by id. Status, body and the headers a client
 * reads must be the same.
 */
@QuarkusTest
class DocumentLoadRouteTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    ClientFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ClientFixture();
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("Ann", 31), "users/1");
            session.store(new User("Bob \"the\" ünicode", 42), "users/2");
            session.saveChanges();
        }
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id=users/1", "id=USERS/2", "id=users/1&id=users/2", "id=users/1&id=missing&id=users/2",
            "id=missing", "id=missing&id=also-missing", "id=users/2&metadataOnly=true", "id=users/1&id=",
            "id=users%2F1"})
    void aLoadAnswersAsTheRestLayerDoes(String query) throws Exception {
        String path = "/databases/" + fixture.database() + "/docs?" + query;
        HttpResponse<String> served = get(path, null);
        HttpResponse<String> rest = get(path + "&start=0", null);

        assertThat(served.statusCode()).isEqualTo(rest.statusCode());
        if (rest.statusCode() == 200) {
            assertThat(JSON.readTree(served.body())).isEqualTo(JSON.readTree(rest.body()));
            assertThat(served.body()).contains("\"Results\"");
        } else {
            assertThat(served.body()).isEqualTo(rest.body());
        }
        for (String header : new String[] {"Content-Type", "Raven-Server-Version", "Refresh-Topology"}) {
            assertThat(served.headers().firstValue(header)).as(header).isEqualTo(rest.headers().firstValue(header));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"0\"", "\"-1\""})
    void aClientWithAStaleTopologyIsToldToRefreshIt(String staleEtag) throws Exception {
        String path = "/databases/" + fixture.database() + "/docs?id=users/1";
        HttpResponse<String> served = get(path, staleEtag);
        HttpResponse<String> rest = get(path + "&start=0", staleEtag);

        assertThat(served.headers().firstValue("Refresh-Topology")).hasValue("true");
        assertThat(served.headers().firstValue("Refresh-Topology")).isEqualTo(rest.headers().firstValue("Refresh-Topology"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-such-database", "bad%20name%3F"})
    void anUnknownDatabaseGetsTheRestLayersError(String database) throws Exception {
        HttpResponse<String> served = get("/databases/" + database + "/docs?id=users/1", null);
        HttpResponse<String> rest = get("/databases/" + database + "/docs?id=users/1&start=0", null);

        assertThat(served.statusCode()).isEqualTo(rest.statusCode()).isBetween(400, 599);
        assertThat(JSON.readTree(served.body()).path("Type")).isEqualTo(JSON.readTree(rest.body()).path("Type"));
        assertThat(JSON.readTree(served.body()).path("Type").asText()).startsWith("Raven.Client.Exceptions.");
    }

    private static HttpResponse<String> get(String path, String topologyEtag) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ClientFixture.URL + path)).GET();
        if (topologyEtag != null) {
            request.header("Topology-Etag", topologyEtag);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
