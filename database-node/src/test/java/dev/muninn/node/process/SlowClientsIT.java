package dev.muninn.node.process;

import static dev.muninn.node.process.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crowd of slow clients cannot starve a node (issue 15). Before, about 200 connections sending a body slowly, or
 * 200 long polls, each held one of the 200 worker threads, and every other request waited behind them. Now bodies
 * arrive without a thread and long polls wait without one; a body that takes too long gets 408 and its connection
 * closed; past the concurrency limit, 503 (the clients try another node).
 */
@Tag("process")
class SlowClientsIT {
    private static final int CROWD = 250;

    @TempDir
    Path dir;

    @Test
    void slowBodiesAndLongPollsLeaveTheNodeServingOthers() throws Exception {
        NodeProcess node = new NodeProcess("http://127.0.0.1:18540", dir.resolve("node"))
                .withSetting("Limits.MaxConcurrentRequests", "300")
                .withSetting("Limits.RequestBodyTimeoutInSec", "4").start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Socket> slow = new ArrayList<>();
        try {
            assertThat(send(http, "PUT", node.url() + "/admin/databases?replicationFactor=1",
                    "{\"DatabaseName\":\"slow\"}").statusCode()).isEqualTo(201);
            assertThat(send(http, "PUT", node.url() + "/databases/slow/docs?id=ok/1",
                    "{\"n\":0,\"@metadata\":{\"@collection\":\"Oks\"}}").statusCode()).isEqualTo(201);
            for (int i = 0; i < CROWD; i++) {
                Socket socket = new Socket("127.0.0.1", 18540);
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                // Attachments took their body as a stream, read on a worker thread as it arrived.
                out.write(("PUT /databases/slow/attachments?id=ok/1&name=slow" + i + " HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 1000\r\n\r\nsome bytes").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            assertServesOthersPromptly(http, node, "with " + CROWD + " bodies arriving slowly");

            // Past the body timeout every slow sender gets a 408 and its connection closed; nothing was written.
            for (Socket socket : slow) {
                String answer = readAll(socket.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 408").contains("Limits.RequestBodyTimeoutInSec");
            }
            assertThat(send(http, "GET", node.url() + "/databases/slow/docs?id=ok/1", null).body())
                    .doesNotContain("slow0").doesNotContain("@attachments");

            // Clients that hang up mid-body (a reset, not a close) are no failure of the node: nothing at ERROR.
            for (int i = 0; i < 100; i++) {
                try (Socket socket = new Socket("127.0.0.1", 18540)) {
                    socket.getOutputStream().write(("PUT /databases/slow/docs?id=gone/" + i + " HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":")
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.setSoLinger(true, 0);
                }
            }
            Thread.sleep(500);
            assertThat(node.log()).doesNotContain("event=request-failed").doesNotContain("QuarkusErrorHandler")
                    .doesNotContain("Connection reset");

            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            for (int i = 0; i < CROWD; i++) {
                polls.add(longPoll(http, node));
            }
            Thread.sleep(1_000);
            assertServesOthersPromptly(http, node, "with " + CROWD + " long polls waiting");

            // 300 at once at most: of 80 more long polls, the ones past the limit are refused at once with 503.
            List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                more.add(longPoll(http, node));
            }
            Thread.sleep(3_000); // refusals are immediate; admitted polls wait for 20 s
            int refused = 0;
            for (CompletableFuture<HttpResponse<String>> poll : more) {
                if (poll.isDone()) {
                    HttpResponse<String> answer = poll.get();
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                    assertThat(answer.body()).contains("ServerLoadFailureException")
                            .contains("Limits.MaxConcurrentRequests");
                    refused++;
                }
            }
            assertThat(refused).isGreaterThanOrEqualTo(80 - (300 - CROWD) - 5);
            for (CompletableFuture<HttpResponse<String>> poll : polls) {
                assertThat(poll.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(node.isAlive()).isTrue();
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
            node.kill();
        }
    }

    /** Many large bodies arriving at once: past the node-wide budget for bodies in flight, 503; given back after. */
    @Test
    void bodiesInFlightAreBoundedAcrossRequests() throws Exception {
        NodeProcess node = new NodeProcess("http://127.0.0.1:18540", dir.resolve("node"))
                .withSetting("Limits.MaxRequestBodiesInFlightInMb", "8").start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Socket> senders = new ArrayList<>();
        try {
            assertThat(send(http, "PUT", node.url() + "/admin/databases?replicationFactor=1",
                    "{\"DatabaseName\":\"slow\"}").statusCode()).isEqualTo(201);
            byte[] half = new byte[2 << 20];
            java.util.Arrays.fill(half, (byte) 'a');
            for (int i = 0; i < 4; i++) {
                senders.add(startBody(i, half)); // 4 x 2 MB of 4 MB bodies: the 8 MB budget is taken
            }
            Thread.sleep(1_000);
            Socket fifth = startBody(4, half);
            senders.add(fifth);
            assertThat(readAll(fifth.getInputStream())).startsWith("HTTP/1.1 503")
                    .contains("Limits.MaxRequestBodiesInFlightInMb");
            for (Socket sender : senders) {
                sender.close();
            }
            Thread.sleep(500);
            HttpResponse<String> after = send(http, "PUT", node.url() + "/databases/slow/docs?id=ok/1",
                    "{\"n\":1,\"@metadata\":{\"@collection\":\"Oks\"}}");
            assertThat(after.statusCode()).as("the budget is given back when senders go: " + after.body())
                    .isEqualTo(201);
        } finally {
            for (Socket sender : senders) {
                sender.close();
            }
            node.kill();
        }
    }

    /** Starts an attachment PUT of 4 MB and sends the first {@code part} of it. */
    private static Socket startBody(int i, byte[] part) throws Exception {
        Socket socket = new Socket("127.0.0.1", 18540);
        socket.setSoTimeout(15_000);
        OutputStream out = socket.getOutputStream();
        out.write(("PUT /databases/slow/attachments?id=ok/1&name=big" + i + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: " + (4 << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(part);
        out.flush();
        return socket;
    }

    /** A write (a worker thread's route) and a read both answer within two seconds. */
    private static void assertServesOthersPromptly(HttpClient http, NodeProcess node, String situation)
            throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> put = send(http, "PUT", node.url() + "/databases/slow/docs?id=ok/1",
                "{\"n\":1,\"@metadata\":{\"@collection\":\"Oks\"}}");
        HttpResponse<String> get = send(http, "GET", node.url() + "/databases/slow/docs?id=ok/1", null);
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertThat(put.statusCode()).as(situation).isEqualTo(201);
        assertThat(get.statusCode()).as(situation).isEqualTo(200);
        assertThat(ms).as(situation + ": a write and a read took " + ms + " ms").isLessThan(2_000);
    }

    private static CompletableFuture<HttpResponse<String>> longPoll(HttpClient http, NodeProcess node) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(node.url()
                + "/databases/slow/replication/last-etag?source=nobody&waitForEtag=1000000&waitMs=20000"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String readAll(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
}
