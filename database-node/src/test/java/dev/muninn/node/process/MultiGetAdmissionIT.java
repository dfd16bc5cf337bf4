package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A multi_get holds one admission slot while its inner requests, sent through the node's own listener, need their
 * own: with every slot taken by the multi_get itself, the inner requests are answered 503 at once and the
 * multi_get still answers, instead of waiting for a slot it holds.
 */
@Tag("process")
class MultiGetAdmissionIT {
    @TempDir
    Path dir;

    @Test
    void aMultiGetHoldingTheLastSlotGetsItsInnerRequestsRefusedNotStuck() throws Exception {
        NodeProcess node = new NodeProcess("http://127.0.0.1:18597", dir.resolve("node"))
                .withSetting("Limits.MaxConcurrentRequests", "1").start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            assertThat(send(http, "PUT", node.url() + "/admin/databases?replicationFactor=1",
                    "{\"DatabaseName\":\"lazy\"}").statusCode()).isEqualTo(201);
            assertThat(send(http, "PUT", node.url() + "/databases/lazy/docs?id=people/1",
                    "{\"name\":\"Ada\",\"@metadata\":{\"@collection\":\"People\"}}").statusCode()).isEqualTo(201);

            HttpResponse<String> answer = send(http, "POST", node.url() + "/databases/lazy/multi_get",
                    "{\"Requests\":[{\"Url\":\"/databases/lazy/docs\",\"Query\":\"?id=people/1\"},"
                            + "{\"Url\":\"/databases/lazy/docs\",\"Query\":\"?id=people/1\"}]}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode results = ClusterFixture.JSON.readTree(answer.body()).path("Results");
            assertThat(results).hasSize(2).allSatisfy(result -> {
                assertThat(result.path("StatusCode").asInt()).isEqualTo(503);
                assertThat(result.path("Result").path("Type").asText())
                        .isEqualTo("Raven.Client.Exceptions.Server.ServerLoadFailureException");
            });
            assertThat(send(http, "GET", node.url() + "/databases/lazy/docs?id=people/1", null).statusCode())
                    .as("every slot was given back").isEqualTo(200);
        } finally {
            node.close();
        }
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
