package dev.muninn.e2e;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An S3-compatible store for the backup scenario: moto's standalone server, installed (and cached) by the project's
 * {@code e2e/s3/install.sh}, on 127.0.0.1 — which the local pods, processes of this machine, reach too.
 */
final class S3Store implements AutoCloseable {
    private final Process process;
    private final int port;

    private S3Store(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static S3Store start(Path repoRoot, int port) throws IOException, InterruptedException {
        String configured = System.getenv("MUNINN_S3_SERVER");
        String executable = configured != null && !configured.isBlank() ? configured : install(repoRoot);
        Path log = repoRoot.resolve("e2e/suite/target/s3-server.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3Store store = new S3Store(process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return store;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The S3 server exited: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
        store.close();
        throw new IllegalStateException("The S3 server did not listen on " + port + " within 30 s");
    }

    private static String install(Path repoRoot) throws IOException, InterruptedException {
        Process install = new ProcessBuilder(repoRoot.resolve("e2e/s3/install.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(install.getInputStream().readAllBytes()).trim();
        if (install.waitFor() != 0 || printed.isEmpty()) {
            throw new IllegalStateException("e2e/s3/install.sh could not install the S3-compatible server");
        }
        return printed.lines().reduce((a, b) -> b).orElseThrow();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** moto accepts an unsigned PUT of a bucket. */
    void createBucket(String bucket) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/"
                + bucket)).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Creating bucket " + bucket + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
