package dev.muninn.node.process;

import static dev.muninn.node.process.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script that allocates without bound (issue 15): under its memory budget (ADR 0033) it is stopped with a clear
 * error and the node goes on serving; without the budget, the heap runs out and the process ends instead of
 * becoming a zombie (ADR 0032): before, the OutOfMemoryError killed the HTTP acceptor and Raft threads and left a
 * process that accepted connections and never answered, which no supervisor restarts. Every launcher of a node
 * passes {@code -XX:+ExitOnOutOfMemoryError}. Both nodes run on a small heap so that it runs out quickly.
 */
@Tag("process")
class OutOfMemoryIT {
    private static final String ALLOCATING_PATCH = "{\"Commands\":[{\"Type\":\"PATCH\",\"Id\":\"items/1\","
            + "\"Patch\":{\"Script\":\"var kept = []; for (var i = 0; i < 100000; i++) "
            + "{ kept.push(new Array(1000000).fill(i)); }\"}}]}";

    @TempDir
    Path dir;

    @Test
    void aScriptOverItsMemoryBudgetIsStoppedAndTheNodeGoesOn() throws Exception {
        NodeProcess node = new NodeProcess("http://127.0.0.1:18530", dir.resolve("node")).withHeap("128m").start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            createDatabaseWithOneItem(http, node);
            for (int attempt = 0; attempt < 5; attempt++) {
                HttpResponse<String> refused = send(http, "POST", node.url() + "/databases/oom/bulk_docs",
                        ALLOCATING_PATCH);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
                assertThat(refused.body()).contains("JavaScriptException").contains("memory budget of 32 MB");
            }
            HttpResponse<String> item = send(http, "GET", node.url() + "/databases/oom/docs?id=items/1", null);
            assertThat(item.statusCode()).isEqualTo(200);
            assertThat(item.body()).contains("\"n\":1");
            assertThat(node.isAlive()).isTrue();
        } finally {
            node.kill();
        }
    }

    @Test
    void exhaustingTheHeapEndsTheProcess() throws Exception {
        // A budget larger than the heap takes the script limit away, leaving the backstop alone.
        NodeProcess node = new NodeProcess("http://127.0.0.1:18530", dir.resolve("node")).withHeap("128m")
                .withSetting("Patching.MaxAllocationPerScriptInMb", "100000").start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            createDatabaseWithOneItem(http, node);
            try {
                send(http, "POST", node.url() + "/databases/oom/bulk_docs", ALLOCATING_PATCH);
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

    private static void createDatabaseWithOneItem(HttpClient http, NodeProcess node) throws Exception {
        assertThat(send(http, "PUT", node.url() + "/admin/databases?replicationFactor=1",
                "{\"DatabaseName\":\"oom\"}").statusCode()).isEqualTo(201);
        assertThat(send(http, "PUT", node.url() + "/databases/oom/docs?id=items/1",
                "{\"n\":1,\"@metadata\":{\"@collection\":\"Items\"}}").statusCode()).isEqualTo(201);
    }
}
