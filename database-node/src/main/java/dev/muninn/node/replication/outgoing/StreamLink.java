package dev.muninn.node.replication.outgoing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.replication.BatchReceipt;
import dev.muninn.node.replication.ReplicationBatchCodec;
import dev.muninn.node.replication.ReplicationPosition;

/**
 * The replication stream to one destination (ADR 0031): one WebSocket, {@code …/replication/stream?source=…}, that
 * carries batches one way and the destination's position and receipts the other, so the sender never waits for an
 * answer before sending the next batch (up to {@link #WINDOW}).
 */
final class StreamLink implements DestinationLink, WebSocket.Listener {
    static final int WINDOW = 8;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<BatchReceipt> receipts;
    private final Runnable changed;
    private final StringBuilder text = new StringBuilder();
    private volatile CompletableFuture<ReplicationPosition> position = new CompletableFuture<>();
    private volatile boolean greeted;
    private volatile String failure;
    private WebSocket socket;

    private StreamLink(Consumer<BatchReceipt> receipts, Runnable changed) {
        this.receipts = receipts;
        this.changed = changed;
    }

    /** Thrown by {@link #open} when the destination has no stream (it answered the upgrade with 404). */
    static final class NoStream extends IOException {
        NoStream(String message) {
            super(message);
        }
    }

    /**
     * Opens the stream. {@code receipts} gets every receipt (on the client's threads); {@code changed} is told of
     * every receipt and of the link breaking.
     */
    static StreamLink open(HttpClient http, String databaseUrl, String sourceDatabaseId,
                           Consumer<BatchReceipt> receipts, Runnable changed) throws IOException, InterruptedException {
        StreamLink link = new StreamLink(receipts, changed);
        URI uri = URI.create(databaseUrl.replaceFirst("^http", "ws") + "/replication/stream?source="
                + sourceDatabaseId);
        try {
            link.socket = http.newWebSocketBuilder().connectTimeout(ANSWER_TIMEOUT).buildAsync(uri, link)
                    .get(ANSWER_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException handshake) {
                int status = handshake.getResponse().statusCode();
                if (status == 404) {
                    throw new NoStream("the destination has no replication stream");
                }
                throw new IOException("the destination refused the replication stream: " + status + " "
                        + handshake.getResponse().body());
            }
            throw new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException("no answer to the replication stream's upgrade in time");
        }
        return link;
    }

    @Override
    public ReplicationPosition position() throws IOException, InterruptedException {
        CompletableFuture<ReplicationPosition> answer = position;
        if (greeted) {
            answer = new CompletableFuture<>();
            position = answer;
            await(socket.sendText(ReplicationBatchCodec.STREAM_HEARTBEAT, true), ANSWER_TIMEOUT);
        }
        greeted = true;
        return await(answer, ANSWER_TIMEOUT);
    }

    @Override
    public void send(byte[] batch, long lastEtag) throws IOException, InterruptedException {
        await(socket.sendBinary(ReplicationBatchCodec.streamBatch(lastEtag, batch), true), SEND_TIMEOUT);
    }

    private <T> T await(CompletableFuture<T> future, Duration timeout) throws IOException, InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(failure != null ? failure : e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            broken("no answer from the destination in " + timeout.toSeconds() + " s");
            throw new IOException(failure);
        }
    }

    @Override
    public int window() {
        return WINDOW;
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            try {
                JsonNode json = Json.MAPPER.readTree(message);
                String type = json.path("Type").asText();
                if (ReplicationBatchCodec.STREAM_RECEIPT.equals(type)) {
                    receipts.accept(ReplicationBatchCodec.decodeReceipt(json));
                    changed.run();
                } else if (ReplicationBatchCodec.STREAM_POSITION.equals(type)) {
                    position.complete(ReplicationBatchCodec.decodePosition(json));
                } else {
                    broken("unexpected message from the destination: " + type);
                }
            } catch (IOException e) {
                broken("the destination sent something that is not JSON: " + e.getMessage());
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        broken("the destination closed the stream (" + statusCode + (reason.isEmpty() ? "" : ": " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        broken(error.getMessage() == null ? error.toString() : error.getMessage());
    }

    private void broken(String why) {
        if (failure == null) {
            failure = why;
        }
        position.completeExceptionally(new IOException(why));
        changed.run();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
