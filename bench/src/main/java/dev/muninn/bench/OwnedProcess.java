package dev.muninn.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A server process the bench starts, SIGKILLs (destroyForcibly) and restarts with the same command. */
final class OwnedProcess {
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    OwnedProcess(List<String> command, Map<String, String> environment, Path log) {
        this.command = command;
        this.environment = environment;
        this.log = log;
    }

    OwnedProcess start(List<String> extraArguments) throws IOException {
        List<String> full = new java.util.ArrayList<>(command);
        full.addAll(extraArguments);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGKILLs every process of a cluster (bench teardown). */
    static void killAll(List<OwnedProcess> processes) {
        for (OwnedProcess process : processes) {
            try {
                process.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Path log() {
        return log;
    }
}
