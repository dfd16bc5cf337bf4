package dev.muninn.node.replication.outgoing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.commands.PutDocument;
import dev.muninn.node.replication.ReplicationBatchCodec;
import dev.muninn.node.replication.incoming.IncomingReplication;
import dev.muninn.node.replication.incoming.InstancePair;

/**
 * A sender against a destination that is a plain JDK HTTP server in front of a real instance, serving only the two
 * routes of the request transport, as a node of an earlier version does: it answers the stream's upgrade with 404,
 * and still gets every change, one HTTP request per batch (ADR 0031); and what it has seen already is not sent.
 */
class ReplicationSenderTest {
    @TempDir
    Path dir;
    InstancePair pair;
    DatabaseInstance a;
    DatabaseInstance b;
    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<Integer> batchItems = new CopyOnWriteArrayList<>();
    /** Answers positions as a node from before counters does (no Counters field). */
    final java.util.concurrent.atomic.AtomicBoolean beforeCounters = new java.util.concurrent.atomic.AtomicBoolean();

    @BeforeEach
    void start() throws IOException {
        pair = new InstancePair(dir);
        a = pair.a;
        b = pair.b;
        IncomingReplication incoming = pair.incoming;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            answer(exchange, 404, "{\"Message\":\"no handler for path\"}");
        });
        server.createContext("/databases/shop/replication/last-etag", exchange -> {
            requests.add("GET last-etag");
            String source = query(exchange.getRequestURI()).get("source");
            var position = ReplicationBatchCodec.encode(incoming.position(b, source));
            if (beforeCounters.get()) {
                position.remove("Counters");
            }
            answer(exchange, 200, position.toString());
        });
        server.createContext("/databases/shop/replication/batch", exchange -> {
            requests.add("POST batch");
            Map<String, String> query = query(exchange.getRequestURI());
            var batch = ReplicationBatchCodec.decode(Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
            batchItems.add(batch.items().size());
            answer(exchange, 200, ReplicationBatchCodec.encode(incoming.receive(b, query.get("source"),
                    Long.parseLong(query.get("lastEtag")), batch)).toString());
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pair.close();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return values;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void writeItems(int count) {
        for (int i = 0; i < count; i++) {
            var doc = Json.object().put("n", i);
            doc.putObject("@metadata").put("@collection", "Items");
            a.write(new PutDocument("items/" + i, doc, null, 1 << 20));
        }
    }

    private ReplicationSender sender() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return new ReplicationSender(a, ReplicationSender.Destination.member("B", url, "shop"),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), 4, new ReplicationStats(),
                () -> { });
    }

    /** Runs a sender from A to the server until B acknowledged everything A has. */
    private void replicateEverything() throws InterruptedException {
        try (ReplicationSender sender = sender()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sender.acknowledgedEtag() < a.lastEtag() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sender.acknowledgedEtag()).isEqualTo(a.lastEtag());
            assertThat(sender.status().transport()).isEqualTo("requests");
            assertThat(sender.status().lastError()).isNull();
        }
    }

    @Test
    void aDestinationWithoutTheStreamGetsBatchesByRequest() throws Exception {
        writeItems(20);
        replicateEverything();
        for (int i = 0; i < 20; i++) {
            assertThat(b.get("items/" + i)).as("items/" + i).isPresent();
        }
        assertThat(requests).first().isEqualTo("GET /databases/shop/replication/stream");
        assertThat(requests).contains("GET last-etag").filteredOn("POST batch"::equals).hasSizeGreaterThan(1);
    }

    @Test
    void versionsTheDestinationHasSeenAreNotSent() throws Exception {
        writeItems(20);
        // B got A's versions another way (forwarded by a third member, whose position is its own)
        pair.incoming.receive(b, "third-member", 1000, new dev.muninn.node.replication.incoming.ReplicationBatch(
                dev.muninn.node.replication.incoming.ShippedItems.after(a, 0, 1024), Map.of()));
        var extra = Json.object().put("n", 20);
        extra.putObject("@metadata").put("@collection", "Items");
        a.write(new PutDocument("items/20", extra, null, 1 << 20));

        replicateEverything();

        assertThat(b.get("items/20")).isPresent();
        assertThat(batchItems).as("only the version B had not seen travels").containsExactly(1);
    }

    @Test
    void countersAreHeldBackFromANodeThatDoesNotTakeThemUntilItDoes() throws Exception {
        beforeCounters.set(true);
        writeItems(3);
        a.write(new dev.muninn.node.documents.counters.CounterBatch(List.of(
                new dev.muninn.node.documents.counters.DocumentCounters("items/1", List.of(
                        new dev.muninn.node.documents.counters.CounterOperation(
                                dev.muninn.node.documents.counters.CounterOperation.Type.INCREMENT, "likes", 4))))));
        try (ReplicationSender sender = sender()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!requests.contains("GET last-etag") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
            // held with the batch they are in (a batch is never cut), so nothing of it is acknowledged
            assertThat(sender.acknowledgedEtag()).as("held at the counters").isLessThan(a.lastEtag());
            assertThat(requests).doesNotContain("POST batch");
            boolean countersOnB = b.read(r -> r.storage().counters(r.transaction(), "items/1").isPresent());
            assertThat(countersOnB).isFalse();

            beforeCounters.set(false); // upgraded
        }
        replicateEverything(); // a new connection asks again
        assertThat(b.read(r -> dev.muninn.node.documents.counters.CounterReads.read(r.storage(), r.transaction(),
                "items/1", List.of("likes"))).get(0).total()).isEqualTo(4L);
    }
}
