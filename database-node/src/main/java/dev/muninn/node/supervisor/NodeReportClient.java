package dev.muninn.node.supervisor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Asks a node for its report ({@code GET /admin/debug/supervisor-report}) over its public HTTP URL: the supervisor
 * judges nodes by what clients see, so a node whose Raft still works but whose HTTP does not counts as down.
 */
public final class NodeReportClient {
    public static final String PATH = "/admin/debug/supervisor-report";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public NodeReportClient(Duration timeout, Clock clock, HttpClient.Builder builder) {
        this.timeout = timeout;
        this.clock = clock;
        this.http = builder.version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** The node's report, or empty when it does not answer in time or answers something else than a report. */
    public Optional<NodeReport> fetch(String tag, String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + PATH)).timeout(timeout)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(parse(tag, JSON.readTree(response.body())));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    NodeReport parse(String tag, JsonNode body) {
        Map<String, DatabaseReport> databases = new HashMap<>();
        body.path("Databases").fields().forEachRemaining(entry -> {
            JsonNode db = entry.getValue();
            Map<String, Long> acknowledged = new HashMap<>();
            db.path("Acknowledged").fields().forEachRemaining(a -> acknowledged.put(a.getKey(), a.getValue().asLong()));
            databases.put(entry.getKey(), new DatabaseReport(db.path("Open").asBoolean(false),
                    db.path("LastEtag").asLong(), acknowledged, db.path("Error").isTextual()
                    ? db.path("Error").asText() : null));
        });
        return new NodeReport(tag, clock.instant(), databases);
    }
}
