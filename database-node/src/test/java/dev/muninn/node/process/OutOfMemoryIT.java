package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that exhausts the heap ends the node's process (issue 15): before, the OutOfMemoryError killed the HTTP
 * acceptor and Raft threads and left a process that accepted connections and never answered, which no supervisor
 * restarts. Every launcher of a node passes {@code -XX:+ExitOnOutOfMemoryError}. The request here is a patch script
 * that allocates without bound, with a small heap so that it runs out quickly.
 */
@Tag("process")
class OutOfMemoryIT {
    @TempDir
    Path dir;

    @Test
    void exhaustingTheHeapEndsTheProcess() throws Exception {
        NodeProcess node = new NodeProcess("http://127.0.0.1:18530", dir.resolve("node")).withHeap("128m").start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(send(http, "PUT", node.url() + "/admin/databases?replicationFactor=1",
                    "{\"DatabaseName\":\"oom\"}").statusCode()).isEqualTo(201);
            assertThat(send(http, "PUT", node.url() + "/databases/oom/docs?id=items/1",
                    "{\"n\":1,\"@metadata\":{\"@collection\":\"Items\"}}").statusCode()).isEqualTo(201);
            String patch = "{\"Commands\":[{\"Type\":\"PATCH\",\"Id\":\"items/1\",\"Patch\":{\"Script\":"
                    + "\"var kept = []; for (var i = 0; i < 100000; i++) { kept.push(new Array(1000000).fill(i)); }\"}}]}";
            try {
                send(http, "POST", node.url() + "/databases/oom/bulk_docs", patch);
            } catch (java.io.IOException expected) {
                // the process ended while answering
            }
            OptionalInt exit = node.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("the node ended; log:\n" + node.tail()).isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(node.tail()).contains("Terminating due to java.lang.OutOfMemoryError");
        } finally {
            node.kill();
        }
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
