package dev.muninn.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Owns every server process of the run: SIGKILLs all of them on {@link #close()} and from a JVM shutdown hook (an
 * exception, Ctrl-C, SIGTERM). The pids of the running ones are kept in {@code server.pids} in the work directory,
 * so that bench-cluster.sh can still kill them by pid should this JVM itself be SIGKILLed.
 */
final class ProcessOwner implements AutoCloseable {
    private final Path work;
    private final Path pidFile;
    private final List<ServerProcess> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::killAll, "bench-kill-servers");
    private boolean closed;

    ProcessOwner(Path work) {
        this.work = work;
        this.pidFile = work.resolve("server.pids");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    Path work() {
        return work;
    }

    synchronized ServerProcess define(String name, List<String> command, Map<String, String> environment) {
        ServerProcess process = new ServerProcess(name, command, environment, work.resolve(name + ".log"),
                this::writePids);
        processes.add(process);
        return process;
    }

    private synchronized void writePids() {
        String pids = processes.stream().filter(ServerProcess::alive).map(p -> p.pid() + " " + p.name())
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            Path tmp = work.resolve("server.pids.tmp");
            Files.writeString(tmp, pids, StandardCharsets.UTF_8);
            Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("bench: WARNING: cannot write " + pidFile + ": " + e.getMessage());
        }
    }

    private synchronized void killAll() {
        for (ServerProcess process : processes) {
            process.kill();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // called from within shutdown: the hook is running or ran
        }
    }
}
