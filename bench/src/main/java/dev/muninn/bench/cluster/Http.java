package dev.muninn.bench.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one HTTP client both systems are driven with (JDK {@link HttpClient}, HTTP/1.1, pooled keep-alive
 * connections), so the client's own cost is the same on both sides.
 */
final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    /** Sends the request and returns the parsed JSON body; anything but a 2xx success is an IOException. */
    static JsonNode call(String method, String url, String body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + url + " -> " + response.statusCode() + " " + oneLine(text, 300));
        }
        JsonNode json = text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        // The etcd gateway reports some failures (e.g. "etcdserver: leader changed") in a 200-less body; a body
        // with an "error" or "code" member is never a success on either side.
        if (json.has("error") || json.has("code") && json.path("code").asInt() != 0) {
            throw new IOException(method + " " + url + " -> " + response.statusCode() + " " + oneLine(text, 300));
        }
        return json;
    }

    /** True when {@code url} answers 2xx within a second. */
    static boolean answers(String url) {
        try {
            call("GET", url, null, Duration.ofSeconds(1));
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when something accepts TCP connections on host:port (a server left over from another run). */
    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An exception as one short line: its type and message, the cause's when the message says nothing. */
    static String describe(Throwable e) {
        Throwable shown = e;
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        return shown.getClass().getSimpleName() + (message == null ? "" : ": " + oneLine(message, 300));
    }

    static String oneLine(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= max ? flat : flat.substring(0, max) + "...";
    }
}
