package dev.muninn.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * CPU time (user + system) a process and its descendants have used so far, as the OS reports it ({@code /proc} on
 * Linux, through {@link ProcessHandle}). A JVM is one process; PostgreSQL is its postmaster and one backend per
 * connection, all descendants. A descendant that exits inside a measured window takes its CPU with it, so the load
 * threads open their connections before the window and keep them to its end.
 */
public final class ProcessCpu {
    private final ProcessHandle root;

    private ProcessCpu(ProcessHandle root) {
        this.root = root;
    }

    /** The process tree under {@code pid}, or empty when there is no such process (or no pid was given). */
    public static Optional<ProcessCpu> of(String pid) {
        if (pid == null || pid.isBlank()) {
            return Optional.empty();
        }
        return of(Long.parseLong(pid.trim()));
    }

    /** The process tree under {@code pid}, or empty when there is no such process (a negative pid: not running). */
    public static Optional<ProcessCpu> of(long pid) {
        return pid < 0 ? Optional.empty() : ProcessHandle.of(pid).map(ProcessCpu::new);
    }

    /** This JVM: the bench client's own cost. */
    public static ProcessCpu self() {
        return new ProcessCpu(ProcessHandle.current());
    }

    public Duration used() {
        Duration total = cpu(root);
        for (ProcessHandle child : (Iterable<ProcessHandle>) root.descendants()::iterator) {
            total = total.plus(cpu(child));
        }
        return total;
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }
}
