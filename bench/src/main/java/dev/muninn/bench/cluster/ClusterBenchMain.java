package dev.muninn.bench.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./muninn bench cluster}: a 3-node Muninn cluster and a 3-member etcd cluster on loopback, both started and
 * owned by this JVM with their data under one work directory. Measures, for each system, the latency and throughput
 * of small replicated commands at concurrency 1 and 8 (the two systems alternating), then leader failover (SIGKILL
 * of the leader until the next committed command, {@value #FAILOVER_ROUNDS} rounds each unless
 * {@code --failover-rounds} says otherwise). Prints a table and a last
 * line {@code RESULT commit_p50_ratio=.. commit_p99_ratio=.. failover_s=.. etcd_failover_s=..}.
 * <p>
 * Options: {@code --work DIR --jar quarkus-run.jar [--duration S] [--warmup S] [--jit-warmup S] [--failover-rounds N]}
 * ({@code --jit-warmup}: unmeasured load per system before its first row, default 0). Exits 1 when the clusters could not
 * be run or a command failed (the figures are then not valid), 2 on bad arguments; the figures are never pass/fail.
 */
public final class ClusterBenchMain {
    static final int[] CONCURRENCY = {1, 8};
    static final int FAILOVER_ROUNDS = 3;
    private static final Set<String> OPTIONS = Set.of("work", "jar", "duration", "warmup", "jit-warmup",
            "failover-rounds");
    /** Concurrency of the unmeasured load before a system's first row: more commands per second than one thread. */
    static final int JIT_WARMUP_CONCURRENCY = 8;
    private static final Duration LEADER_WAIT = Duration.ofSeconds(30);

    private ClusterBenchMain() {
    }

    public static void main(String[] args) {
        Map<String, String> options;
        double warmup;
        double jitWarmup;
        double duration;
        int failoverRounds;
        try {
            options = parse(args);
            warmup = Double.parseDouble(options.getOrDefault("warmup", "3"));
            jitWarmup = Double.parseDouble(options.getOrDefault("jit-warmup", "0"));
            duration = Double.parseDouble(options.getOrDefault("duration", "10"));
            failoverRounds = Integer.parseInt(options.getOrDefault("failover-rounds", String.valueOf(FAILOVER_ROUNDS)));
            if (!options.containsKey("work") || !options.containsKey("jar") || warmup < 0 || jitWarmup < 0 || duration <= 0
                    || failoverRounds < 1) {
                throw new IllegalArgumentException("usage: ClusterBenchMain --work DIR --jar PATH "
                        + "[--duration S] [--warmup S] [--jit-warmup S] [--failover-rounds N>=1]");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        try {
            status = run(Path.of(options.get("work")), Path.of(options.get("jar")), warmup, jitWarmup, duration,
                    failoverRounds);
        } catch (Exception e) {
            System.err.println("bench: FAILED: " + Http.describe(e));
            e.printStackTrace(System.err);
            status = 1;
        }
        System.exit(status);
    }

    private static int run(Path work, Path jar, double warmup, double jitWarmup, double duration,
                           int failoverRounds) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no node jar at " + jar + " (build with ./mvnw -DskipTests package)");
        }
        MuninnCluster.checkPortsFree();
        EtcdCluster.checkPortsFree();
        ClusterReport report = new ClusterReport();
        environment(report, work, warmup, jitWarmup, duration);
        long failed = 0;
        try (ProcessOwner owner = new ProcessOwner(work)) {
            MuninnCluster muninn = new MuninnCluster(owner, jar);
            MuninnCompareExchange compareExchange = new MuninnCompareExchange(muninn);
            List<ConsensusCluster> systems = List.of(muninn, new EtcdCluster(owner, etcdVersion()));
            for (ConsensusCluster system : systems) {
                System.err.printf("bench: starting %s (logs in %s)...%n", system.describe(), work);
                long started = System.nanoTime();
                system.start();
                System.err.printf(Locale.ROOT, "bench: %s ready in %.1f s; leader %s%n", system.name(),
                        (System.nanoTime() - started) / 1e9, system.memberName(system.leader(LEADER_WAIT)));
                report.environment(system.describe());
            }
            compareExchange.prepare();
            report.environment(compareExchange.describe());
            List<ConsensusCluster> loaded = List.of(muninn, compareExchange, systems.get(1));
            if (jitWarmup > 0) {
                for (ConsensusCluster system : loaded) {
                    System.err.printf(Locale.ROOT, "bench: %s, %.0f s of unmeasured load at concurrency %d...%n",
                            system.name(), jitWarmup, JIT_WARMUP_CONCURRENCY);
                    failed += CommitLoad.warmUp(system, JIT_WARMUP_CONCURRENCY, jitWarmup);
                }
            }
            CommitLoad load = new CommitLoad(warmup, duration);
            for (int threads : CONCURRENCY) {
                for (ConsensusCluster system : loaded) {
                    System.err.printf(Locale.ROOT, "bench: %s commits, concurrency %d (%.0f s warm-up + %.0f s)...%n",
                            system.name(), threads, warmup, duration);
                    CommitLoad.Result result = load.run(system, threads, system.leader(LEADER_WAIT));
                    System.err.printf(Locale.ROOT, "bench: %s concurrency %d: %.0f ops/s, p50 %.2f ms, p99 %.2f ms, "
                                    + "%d failures%n", system.name(), threads, result.opsPerSecond(),
                            result.p50Millis(), result.p99Millis(), result.failures() + result.warmupFailures());
                    failed += result.failures() + result.warmupFailures();
                    report.add(result);
                }
            }
            for (ConsensusCluster system : systems) {
                report.add(Failover.measure(system, failoverRounds));
            }
        } // every server is SIGKILLed here, before the report
        report.print(System.out);
        return failed == 0 ? 0 : 1;
    }

    private static void environment(ClusterReport report, Path work, double warmup, double jitWarmup,
                                    double duration) throws IOException {
        report.environment(String.format(Locale.ROOT, "%d cores, load average %.2f at start; Java %s; data under %s "
                        + "(%s); %.0f s of unmeasured load at concurrency %d per system before its first row, then %.0f s "
                        + "warm-up + %.0f s measured per row", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"),
                work, Files.getFileStore(work).type(), jitWarmup, JIT_WARMUP_CONCURRENCY, warmup, duration));
        report.environment("client: one JDK HttpClient (HTTP/1.1, keep-alive) for both systems, requests round-robin "
                + "over the 3 members; all 6 servers run throughout, the system not being measured idles");
    }

    private static String etcdVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(EtcdCluster.BINARY, "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> l.startsWith("etcd Version:")).map(l -> l.substring(13).trim()).findFirst()
                .orElse("(unknown version)");
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !OPTIONS.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option " + args[i] + " (options: --work DIR "
                        + "--jar PATH --duration S --warmup S --jit-warmup S --failover-rounds N)");
            }
            options.put(name, args[++i]);
        }
        return options;
    }
}
