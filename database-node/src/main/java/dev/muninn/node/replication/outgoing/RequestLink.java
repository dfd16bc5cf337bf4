package dev.muninn.node.replication.outgoing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import dev.muninn.node.documents.Json;
import dev.muninn.node.replication.BatchReceipt;
import dev.muninn.node.replication.ReplicationBatchCodec;
import dev.muninn.node.replication.ReplicationPosition;

/**
 * One HTTP request per batch ({@code POST …/replication/batch}) and per heartbeat ({@code GET …/replication/last-etag}):
 * for destinations without the replication stream. One batch at a time, answered before the next is sent.
 */
final class RequestLink implements DestinationLink {
    private final HttpClient http;
    private final String databaseUrl;
    private final String sourceDatabaseId;
    private final Consumer<BatchReceipt> receipts;

    /** @param databaseUrl the destination database's URL, {@code <node url>/databases/<name>} */
    RequestLink(HttpClient http, String databaseUrl, String sourceDatabaseId, Consumer<BatchReceipt> receipts) {
        this.http = http;
        this.databaseUrl = databaseUrl;
        this.sourceDatabaseId = sourceDatabaseId;
        this.receipts = receipts;
    }

    @Override
    public ReplicationPosition position() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(databaseUrl
                        + "/replication/last-etag?source=" + sourceDatabaseId))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("the destination answered " + response.statusCode());
        }
        return ReplicationBatchCodec.decodePosition(Json.MAPPER.readTree(response.body()));
    }

    @Override
    public void send(byte[] batch, long lastEtag) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(databaseUrl
                        + "/replication/batch?source=" + sourceDatabaseId + "&lastEtag=" + lastEtag))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("the destination refused the batch: " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        receipts.accept(ReplicationBatchCodec.decodeReceipt(Json.MAPPER.readTree(response.body())));
    }

    @Override
    public int window() {
        return 1;
    }

    @Override
    public String failure() {
        return null;
    }

    @Override
    public void close() {
        // nothing held between requests (the client pools its connections)
    }
}
