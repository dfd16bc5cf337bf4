package dev.muninn.node.process;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible server for the backup tests, a real process speaking S3 over HTTP: moto's standalone server,
 * installed from PyPI by {@code e2e/s3/install.sh} (CI runs it first; a test runs it when the server is missing).
 * Found through {@code MUNINN_S3_SERVER} or the script's cache. Not installable: the test fails in CI and is skipped
 * elsewhere.
 */
final class S3TestServer implements AutoCloseable {
    static final String ACCESS_KEY = "muninn-test";
    static final String SECRET_KEY = "muninn-test-secret";

    private final Process process;
    private final int port;

    private S3TestServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static S3TestServer start(int port, Path logDir) throws IOException, InterruptedException {
        Path executable = executable();
        if (!Files.isExecutable(executable)) {
            executable = install(executable);
        }
        String where = executable + " (run e2e/s3/install.sh, or set MUNINN_S3_SERVER)";
        if ("true".equals(System.getenv("CI"))) {
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException("No S3-compatible test server at " + where);
            }
        } else {
            assumeTrue(Files.isExecutable(executable), "No S3-compatible test server at " + where);
        }
        Files.createDirectories(logDir);
        Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(logDir.resolve("s3-server.log").toFile()).start();
        S3TestServer server = new S3TestServer(process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return server;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The S3 test server exited: " + Files.readString(
                            logDir.resolve("s3-server.log")));
                }
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException("The S3 test server did not listen on " + port + " within 30 s");
    }

    /** Runs the project's install script (python3 and PyPI needed); the executable it prints, or the guess. */
    private static Path install(Path guess) throws IOException, InterruptedException {
        Path script = Path.of("..", "e2e", "s3", "install.sh").toAbsolutePath().normalize();
        if (!Files.isExecutable(script)) {
            return guess;
        }
        Process install = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(install.getInputStream().readAllBytes()).trim();
        return install.waitFor() == 0 && !printed.isEmpty() ? Path.of(printed.lines().reduce((a, b) -> b).orElse(""))
                : guess;
    }

    private static Path executable() {
        String configured = System.getenv("MUNINN_S3_SERVER");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "muninn", "s3-server-moto-5.2.5", "bin",
                "moto_server");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    S3Client client() {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(url()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(r -> r.bucket(bucket));
        }
    }

    List<String> keys(String bucket, String prefix) {
        try (S3Client s3 = client()) {
            return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key).sorted().toList();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
