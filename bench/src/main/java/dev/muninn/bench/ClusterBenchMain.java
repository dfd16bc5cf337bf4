package dev.muninn.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./muninn bench cluster}: small replicated commands on a 3-node Muninn cluster and a 3-member etcd cluster
 * (same HTTP client, same concurrency, round-robin over members), then leader failover: SIGKILL the leader and
 * time the next committed command, three times each. Prints a table and a last RESULT line.
 */
public final class ClusterBenchMain {
    private static final int FAILOVERS = 3;

    private ClusterBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path work = Path.of(options.getOrDefault("work", "/tmp"));
        Path jar = Path.of(options.getOrDefault("jar", "database-node/target/quarkus-app/quarkus-run.jar"));
        LoadRunner runner = new LoadRunner(Double.parseDouble(options.getOrDefault("warmup", "3")),
                Double.parseDouble(options.getOrDefault("duration", "10")));
        List<String> rows = new ArrayList<>();
        Map<String, double[]> latency = new LinkedHashMap<>();
        Map<String, double[]> failover = new LinkedHashMap<>();
        boolean failures = false;
        try (BenchCluster muninn = new MuninnCluster(jar, work); BenchCluster etcd = new EtcdCluster(work)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                muninn.close();
                etcd.close();
            }));
            System.err.println("bench: starting a 3-node Muninn cluster and a 3-member etcd cluster...");
            muninn.start();
            etcd.start();
            for (int threads : new int[] {1, 8}) {
                for (BenchCluster cluster : List.of(muninn, etcd)) {
                    System.err.printf("bench: commits on %s with %d thread(s)...%n", cluster.name(), threads);
                    LoadRunner.Result r = runner.run(threads, new AtomicLong(),
                            n -> cluster.commit((int) (n % cluster.size()), n));
                    failures |= r.failures() > 0;
                    if (threads == 1) {
                        latency.put(cluster.name(), new double[] {r.p50Millis(), r.p99Millis()});
                    }
                    rows.add(String.format(Locale.ROOT, "%-8s %-22s %7d %10.0f %9.2f %9.2f %s", cluster.name(),
                            "commit (small command)", threads, r.opsPerSecond(), r.p50Millis(), r.p99Millis(),
                            r.failures() == 0 ? "" : "FAILURES " + r.failures() + " first: " + r.firstFailure()));
                }
            }
            for (BenchCluster cluster : List.of(muninn, etcd)) {
                double[] seconds = new double[FAILOVERS];
                for (int round = 0; round < FAILOVERS; round++) {
                    System.err.printf("bench: leader failover %d on %s...%n", round + 1, cluster.name());
                    seconds[round] = failover(cluster);
                }
                failover.put(cluster.name(), seconds);
                double[] sorted = seconds.clone();
                Arrays.sort(sorted);
                rows.add(String.format(Locale.ROOT, "%-8s %-22s %7s %10s %9s %9s median %.3f s of %s", cluster.name(),
                        "leader kill -9 -> commit", "-", "-", "-", "-", sorted[FAILOVERS / 2], Arrays.toString(seconds)));
            }
        }
        System.out.printf("%-8s %-22s %7s %10s %9s %9s%n", "system", "workload", "threads", "ops/s", "p50 ms", "p99 ms");
        rows.forEach(System.out::println);
        System.out.println("Muninn: Ratis (gRPC), election timeout 400-800 ms, Raft log + Xodus state fsynced; "
                + "etcd 3.4 defaults: heartbeat 100 ms, election 1000 ms, WAL fsynced. Same HTTP/1.1 client for both.");
        if (failures) {
            System.err.println("bench: some commands FAILED (see the table); ratios are not valid");
        }
        System.out.printf(Locale.ROOT, "RESULT commit_p50_ratio=%.3f commit_p99_ratio=%.3f failover_s=%.3f "
                        + "etcd_failover_s=%.3f%n",
                latency.get("Muninn")[0] / latency.get("etcd")[0], latency.get("Muninn")[1] / latency.get("etcd")[1],
                median(failover.get("Muninn")), median(failover.get("etcd")));
        System.exit(0);
    }

    /** SIGKILLs the leader and returns the seconds until a command commits through a survivor. */
    private static double failover(BenchCluster cluster) throws Exception {
        int leader = cluster.leader();
        cluster.kill(leader);
        long killed = System.nanoTime();
        long sequence = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            int member = (leader + 1 + attempt % (cluster.size() - 1)) % cluster.size();
            try {
                cluster.commit(member, sequence++);
                break;
            } catch (Exception notYet) {
                if ((System.nanoTime() - killed) / 1e9 > 60) {
                    throw new IllegalStateException(cluster.name() + " committed nothing for 60 s after the kill");
                }
            }
        }
        double seconds = (System.nanoTime() - killed) / 1e9;
        cluster.restart(leader);
        for (int member = 0; member < cluster.size(); member++) {
            awaitCommit(cluster, member);
        }
        return seconds;
    }

    private static void awaitCommit(BenchCluster cluster, int member) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                cluster.commit(member, System.nanoTime());
                return;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(cluster.name() + " member " + member + " not back after 60 s");
                }
                Thread.sleep(100);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
