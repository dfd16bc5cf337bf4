package dev.muninn.bench.cluster;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The table (commit latency and throughput per system and concurrency, then failover), notes and the RESULT line. */
final class ClusterReport {
    private static final String FORMAT = "%-7s %-26s %11s %9s %9s %9s %12s  %s%n";
    private final List<CommitLoad.Result> loads = new ArrayList<>();
    private final List<Failover.Result> failovers = new ArrayList<>();
    private final List<String> environment = new ArrayList<>();

    void add(CommitLoad.Result result) {
        loads.add(result);
    }

    void add(Failover.Result result) {
        failovers.add(result);
    }

    void environment(String line) {
        environment.add(line);
    }

    void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, FORMAT, "system", "workload", "concurrency", "ops/s", "p50 ms", "p99 ms",
                "CPU/op us", "");
        for (CommitLoad.Result r : loads) {
            out.printf(Locale.ROOT, FORMAT, r.system(), "commit (small command)", r.threads(),
                    String.format(Locale.ROOT, "%.0f", r.opsPerSecond()), ms(r.p50Millis()), ms(r.p99Millis()),
                    Double.isNaN(r.cpuMicros()) ? "n/a" : String.format(Locale.ROOT, "%.0f", r.cpuMicros()),
                    failures(r));
            out.printf(Locale.ROOT, "        p50/p99 ms by member contacted: %s%n", r.byMember());
        }
        for (Failover.Result f : failovers) {
            out.printf(Locale.ROOT, "%-7s %-26s %11s %9s  median %s s; rounds: %s%n", f.system(),
                    "leader kill -9 -> commit", "1", "", seconds(f.medianSeconds()),
                    f.rounds().stream().map(r -> seconds(r.seconds()) + " (" + r.failedAttempts() + " failed)")
                            .collect(Collectors.joining(", ")));
        }
        out.println("ratios below = Muninn / etcd at concurrency 1 (below 1 means Muninn commits faster). failover = "
                + "median of the rounds, seconds from SIGKILL of the leader to the first committed command sent "
                + "to a survivor; a failed attempt (one that timed out after " + Failover.ATTEMPT_TIMEOUT.toSeconds()
                + " s or was refused) counts in that time. CPU/op = CPU time (user + system, /proc) of the three "
                + "members' processes in the measured window / commands committed, in microseconds.");
        out.println();
        environment.forEach(line -> out.println("environment: " + line));
        long failed = loads.stream().mapToLong(r -> r.failures() + r.warmupFailures()).sum();
        if (failed > 0) {
            out.println("FAILED COMMANDS: " + failed + " (see the table and the messages above); the figures of "
                    + "those rows are not valid.");
        }
        out.printf(Locale.ROOT, "RESULT commit_p50_ratio=%s commit_p99_ratio=%s cmpxchg_p50_ratio=%s "
                        + "cmpxchg_p99_ratio=%s failover_s=%s etcd_failover_s=%s%n",
                number(ratio("Muninn", true)), number(ratio("Muninn", false)), number(ratio("Muninn cmpxchg", true)),
                number(ratio("Muninn cmpxchg", false)), number(median("Muninn")), number(median("etcd")));
        out.flush();
    }

    private double ratio(String system, boolean p50) {
        CommitLoad.Result muninn = single(system);
        CommitLoad.Result etcd = single("etcd");
        if (muninn == null || etcd == null) {
            return Double.NaN;
        }
        return p50 ? muninn.p50Millis() / etcd.p50Millis() : muninn.p99Millis() / etcd.p99Millis();
    }

    private CommitLoad.Result single(String system) {
        return loads.stream().filter(r -> r.system().equals(system) && r.threads() == 1).findFirst().orElse(null);
    }

    private double median(String system) {
        return failovers.stream().filter(f -> f.system().equals(system)).findFirst()
                .map(Failover.Result::medianSeconds).orElse(Double.NaN);
    }

    private static String failures(CommitLoad.Result r) {
        if (r.failures() == 0 && r.warmupFailures() == 0) {
            return "";
        }
        return "FAILURES: " + r.failures() + " measured, " + r.warmupFailures() + " in warm-up; first: "
                + r.firstFailure();
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Three decimals, or n/a when a side measured nothing. */
    static String number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }
}
