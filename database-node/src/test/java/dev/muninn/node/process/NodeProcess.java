package dev.muninn.node.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real node process started from the packaged jar, for crash tests: {@link #kill()} is SIGKILL, with no
 * chance to flush anything, and {@link #start()} reopens the same data directory.
 */
public final class NodeProcess implements AutoCloseable {
    private final String url;
    private final Path dataDir;
    private final Path log;
    private final java.util.Map<String, String> extraEnvironment = new java.util.HashMap<>();
    private Process process;
    private String heap = "512m";

    public NodeProcess(String url, Path dataDir) {
        this.url = url;
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    public String url() {
        return url;
    }

    /** An extra setting for the node, e.g. {@code withSetting("Cluster.OperationTimeoutInSec", "3")}. */
    public NodeProcess withSetting(String name, String value) {
        extraEnvironment.put("MUNINN_" + name.replace('.', '_'), value);
        return this;
    }

    /** The node's maximum heap ({@code -Xmx}), 512m unless set. */
    public NodeProcess withHeap(String maxHeap) {
        this.heap = maxHeap;
        return this;
    }

    /** The exit code once the process has ended within {@code timeout}; empty while it still runs. */
    public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    /** The current process's id (-1 before the first start). */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Raft listens on the HTTP host, at the HTTP port + 10000 (tests run several nodes on one host). */
    public String tcpAddress() {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getHost() + ":" + (uri.getPort() + 10_000);
    }

    public static Path jar() {
        String jar = System.getProperty("muninn.node.jar", "target/quarkus-app/quarkus-run.jar");
        Path path = Path.of(jar);
        if (!Files.exists(path)) {
            throw new IllegalStateException("Node jar " + path + " not found: run mvn package first");
        }
        return path;
    }

    /**
     * A node starts in 4–8 s alone on a 2-core machine, but one restarted while two others serve a saturating load
     * gets a small share of the CPU and was seen to need 60–70 s.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    /**
     * C1 only: a test node lives for seconds to minutes, never long enough for C2's compiled code to pay for the
     * CPU its compiler threads take, and several nodes share two cores with the test. Measured: ClusterIT,
     * CompareExchangeIT, KillDurabilityIT and RoleChangeIT together 4 min 54 s -> 3 min 9 s. Pass
     * {@code -Dmuninn.it.nodeJvmOptions=} (empty) to run the nodes with both compilers.
     */
    static final String DEFAULT_JVM_OPTIONS = "-XX:TieredStopAtLevel=1";

    public NodeProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                // as every launcher of a node: a heap exhausted ends the process (issue 15) rather than leave it
                // accepting connections it never answers
                "-XX:+ExitOnOutOfMemoryError"));
        String jvmOptions = System.getProperty("muninn.it.nodeJvmOptions", DEFAULT_JVM_OPTIONS).trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MUNINN_ServerUrl", url);
        builder.environment().put("MUNINN_DataDir", dataDir.toString());
        builder.environment().put("MUNINN_ServerUrl_Tcp", tcpAddress());
        builder.environment().putAll(extraEnvironment);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        awaitUp();
        return this;
    }

    private void awaitUp() throws IOException, InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        if (url.startsWith("https:")) {
            builder.sslContext(SecureCluster.trustAll()); // up is all it asks; the tests check the certificates
        }
        HttpClient http = builder.build();
        long started = System.nanoTime();
        long deadline = started + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Node exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url + "/build/version"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    System.out.printf("NODE %s answered %.1f s after its start%n", url,
                            (System.nanoTime() - started) / 1e9);
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Node did not answer within " + START_TIMEOUT.toSeconds() + " s; log:\n"
                + tail());
    }

    /** SIGKILL: the process gets no chance to flush or close anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait: a graceful stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** The whole log of the process so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public String tail() throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
