package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.replication.ReplicationBatchCodec;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The replication stream's endpoint on a real node (ADR 0031): the handshake's position, a batch applied and
 * acknowledged, a message that is not a batch closing the stream with 1007, and the REST layer's errors for a request
 * the stream does not take.
 */
@QuarkusTest
class ReplicationStreamRouteTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String SOURCE = "c291cmNlLWRhdGFiYXNlLQ";
    ClientFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ClientFixture();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Collects what the node sends: text messages, and the close code with its reason. */
    static final class Received implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            messages.add("closed " + status + " " + reason);
            return null;
        }

        JsonNode nextJson() throws Exception {
            return Json.MAPPER.readTree(next());
        }

        String next() throws InterruptedException {
            String message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message from the node").isNotNull();
            return message;
        }
    }

    private WebSocket open(String database, Received received) throws Exception {
        return HTTP.newWebSocketBuilder().buildAsync(URI.create(ClientFixture.URL.replace("http", "ws")
                + "/databases/" + database + "/replication/stream?source=" + SOURCE), received).get(10, TimeUnit.SECONDS);
    }

    private static String batch(String id, String changeVector) {
        return "{\"Items\":[{\"Id\":\"" + id + "\",\"Collection\":\"Users\",\"ChangeVector\":\"" + changeVector
                + "\",\"LastModified\":638000000000000000,\"Flags\":0,\"Body\":{\"Name\":\"Streamed\","
                + "\"@metadata\":{\"@collection\":\"Users\"}}}],\"Attachments\":{}}";
    }

    @Test
    void aBatchOnTheStreamIsAppliedAndAcknowledged() throws Exception {
        Received received = new Received();
        WebSocket socket = open(fixture.database(), received);
        JsonNode position = received.nextJson();
        assertThat(position.path("Type").asText()).isEqualTo("Position");
        assertThat(position.path("LastEtag").asLong()).isZero();
        assertThat(position.path("DatabaseId").asText()).isNotBlank();

        socket.sendBinary(ReplicationBatchCodec.streamBatch(7, batch("users/streamed", "A:7-" + SOURCE)
                .getBytes(StandardCharsets.UTF_8)), true).get(10, TimeUnit.SECONDS);
        JsonNode receipt = received.nextJson();
        assertThat(receipt.path("Type").asText()).isEqualTo("Receipt");
        assertThat(receipt.path("LastEtag").asLong()).isEqualTo(7);
        assertThat(receipt.path("Applied").asInt()).isEqualTo(1);
        HttpResponse<String> doc = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/databases/"
                + fixture.database() + "/docs?id=users/streamed")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(doc.body()).contains("\"Name\":\"Streamed\"").contains("A:7-" + SOURCE);

        socket.sendText(ReplicationBatchCodec.STREAM_HEARTBEAT, true).get(10, TimeUnit.SECONDS);
        assertThat(received.nextJson().path("LastEtag").asLong()).as("the position moved with the batch").isEqualTo(7);

        socket.sendBinary(java.nio.ByteBuffer.wrap("not a batch".getBytes(StandardCharsets.UTF_8)), true)
                .get(10, TimeUnit.SECONDS);
        assertThat(received.next()).startsWith("closed 1007 A replication stream batch is not JSON");
    }

    @Test
    void requestsTheStreamDoesNotTakeGetTheRestLayersErrors() throws Exception {
        HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/databases/"
                + fixture.database() + "/replication/stream?source=" + SOURCE)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("WebSocket");

        HttpResponse<String> noSource = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/databases/"
                + fixture.database() + "/replication/stream")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noSource.statusCode()).isEqualTo(400);
        assertThat(noSource.body()).contains("'source'");

        assertThatThrownBy(() -> open("no-such-database", new Received()))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .as("RavenDB's DatabaseDoesNotExistException: not the 404 of a node without the stream")
                        .isEqualTo(503));
    }
}
