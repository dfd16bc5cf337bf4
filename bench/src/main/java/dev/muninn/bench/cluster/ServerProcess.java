package dev.muninn.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One server process of the bench (a Muninn node or an etcd member): started with a fixed command and environment,
 * output appended to its own log file, SIGKILLed ({@link Process#destroyForcibly()}, which is SIGKILL on Linux)
 * and started again with the same data. Created and tracked by {@link ProcessOwner}.
 */
final class ServerProcess {
    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final Runnable changed;
    private volatile Process process;

    ServerProcess(String name, List<String> command, Map<String, String> environment, Path log, Runnable changed) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.changed = changed;
    }

    /** Starts the command with {@code extraArguments} appended; the process must not be running. */
    synchronized void start(List<String> extraArguments) throws IOException {
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        List<String> full = new ArrayList<>(command);
        full.addAll(extraArguments);
        Files.writeString(log, "\n=== bench: starting " + String.join(" ", full) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        process = builder.start();
        changed.run();
    }

    /**
     * SIGKILLs the process and waits until it is gone. Returns {@link System#nanoTime()} taken right after the signal
     * was sent (the failover clock starts there), or -1 when it was not running.
     */
    long kill() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return -1;
        }
        p.destroyForcibly();
        long signalled = System.nanoTime();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        changed.run();
        return signalled;
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** The last lines of the log, for error messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
