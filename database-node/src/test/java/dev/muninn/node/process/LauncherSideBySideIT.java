package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two local clusters of {@code ./muninn up} side by side: another {@code MUNINN_PORT} moves the Raft port with the
 * HTTP port, and {@code MUNINN_HOME} keeps each cluster's data, logs and pid files apart, so neither joins the other.
 */
@Tag("process")
class LauncherSideBySideIT {
    private final Path root = Launcher.root();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path homes;

    @Test
    void twoClustersRunSideBySide() throws Exception {
        Map<String, String> first = Map.of("MUNINN_PORT", "18490", "MUNINN_HOME", homes.resolve("first").toString());
        Map<String, String> second = Map.of("MUNINN_PORT", "18491", "MUNINN_HOME", homes.resolve("second").toString());
        try {
            assertThat(Launcher.run(first, "up", "--nodes", "2")).contains("http://127.0.0.2:18490");
            assertThat(Launcher.run(second, "up", "--nodes", "2")).contains("http://127.0.0.2:18491");

            JsonNode one = topology("http://127.0.0.1:18490");
            JsonNode two = topology("http://127.0.0.1:18491");
            assertThat(one.path("TopologyId").asText()).isNotEqualTo(two.path("TopologyId").asText());
            assertThat(one.path("AllNodes").toString()).contains("18490").doesNotContain("18491");
            assertThat(two.path("AllNodes").toString()).contains("18491").doesNotContain("18490");
            assertThat(homes.resolve("first/data/1")).isDirectory();
            assertThat(homes.resolve("second/data/1")).isDirectory();
            assertThat(root.resolve("data/1")).as("nothing of these clusters in the checkout").doesNotExist();
        } finally {
            Launcher.run(first, "down", "--purge");
            Launcher.run(second, "down", "--purge");
        }
    }

    private JsonNode topology(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/cluster/topology")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).path("Topology");
    }
}
