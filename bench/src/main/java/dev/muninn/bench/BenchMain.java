package dev.muninn.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./muninn bench}: the same workloads, with the same concurrency, against Muninn (official RavenDB client)
 * and PostgreSQL 15 (JDBC), the two alternating per workload. Prints a table, the environment and a last line
 * {@code RESULT writes1=<r> writes32=<r> batch100=<r> bulk=<r> reads=<r>} (Muninn ops/s / PostgreSQL ops/s).
 * <p>
 * Options: {@code --muninn URL --pg JDBC-URL --duration S --warmup S [--max-warmup S] [--workloads k1,k2]
 * [--only muninn|pg] [--preload N] [--data-dir PATH] [--muninn-pid PID] [--pg-pid PID]}; warm-up lasts at least
 * {@code --warmup} and goes on until the throughput is steady, up to {@code --max-warmup} (default: the least);
 * with the pids (the node's JVM, PostgreSQL's postmaster) each row also gives the server's CPU time per operation. Exits 1 when any operation failed (the
 * figures are then not valid), 2 on bad arguments; the figures themselves are never pass/fail.
 */
public final class BenchMain {
    private static final Set<String> OPTIONS =
            Set.of("muninn", "pg", "duration", "warmup", "max-warmup", "workloads", "only", "preload", "data-dir",
                    "muninn-pid", "pg-pid");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        // The RavenDB client logs through java.util.logging at INFO; applications turn that down too.
        Logger.getLogger("").setLevel(Level.WARNING);
        Logger.getLogger("net.ravendb").setLevel(Level.WARNING);

        String only = options.getOrDefault("only", "both");
        boolean runMuninn = !only.equals("pg");
        boolean runPostgres = !only.equals("muninn");
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "3"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "10"));
        double maxWarmup = Double.parseDouble(options.getOrDefault("max-warmup", String.valueOf(warmup)));
        Workload.Preloaded preloaded = new Workload.Preloaded(Integer.parseInt(options.getOrDefault("preload",
                "10000")));
        List<Workload> workloads = selected(options.get("workloads"));
        LoadRunner runner = new LoadRunner(warmup, maxWarmup, duration);
        ResultTable table = new ResultTable();
        environment(table, options.get("data-dir"), warmup, maxWarmup, duration, preloaded);

        Target muninn = runMuninn ? new MuninnTarget(options.getOrDefault("muninn", "http://127.0.0.100:8080"))
                : null;
        Target postgres = runPostgres ? new PostgresTarget(options.getOrDefault("pg",
                "jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres")) : null;
        Optional<ProcessCpu> muninnCpu = ProcessCpu.of(options.get("muninn-pid"));
        Optional<ProcessCpu> postgresCpu = ProcessCpu.of(options.get("pg-pid"));
        try {
            for (Target target : Arrays.asList(muninn, postgres)) {
                if (target == null) {
                    continue;
                }
                System.err.printf(Locale.ROOT, "bench: %s: fresh storage, preloading %d documents...%n",
                        target.name(), preloaded.count());
                target.prepare();
                try (Worker worker = target.worker()) {
                    preloaded.load(worker);
                }
                table.environment(target.describe());
            }
            for (Workload workload : workloads) {
                LoadRunner.Result m = muninn == null ? null : run(runner, muninn, muninnCpu, workload, preloaded);
                LoadRunner.Result p = postgres == null ? null
                        : run(runner, postgres, postgresCpu, workload, preloaded);
                table.add(new ResultTable.Row(workload, m, p));
            }
        } finally {
            for (Target target : Arrays.asList(muninn, postgres)) {
                if (target != null) {
                    target.close();
                }
            }
        }
        boolean failed = table.anyFailure();
        if (failed) {
            System.err.println("bench: SOME OPERATIONS FAILED (see the FAILURES column and the stack traces above); "
                    + "the ratios of those rows are not valid");
        }
        System.err.flush();
        table.print(System.out); // its last line is the RESULT line
        if (failed) {
            System.exit(1);
        }
    }

    private static LoadRunner.Result run(LoadRunner runner, Target target, Optional<ProcessCpu> serverCpu,
                                         Workload workload, Workload.Preloaded preloaded)
            throws InterruptedException {
        System.err.printf(Locale.ROOT, "bench: %-10s on %-10s with %2d thread(s)... ", workload.key(), target.name(),
                workload.threads());
        LoadRunner.Result result = runner.run(workload.threads(), new AtomicLong(), () -> {
            Worker worker = target.worker();
            return new LoadRunner.ThreadOperation() {
                @Override
                public void run(long n) throws Exception {
                    workload.run(worker, n, preloaded);
                }

                @Override
                public void close() throws Exception {
                    worker.close();
                }
            };
        }, serverCpu);
        System.err.printf(Locale.ROOT, "%.0f ops/s, p50 %.2f ms, p99 %.2f ms, CPU/op server %.0f us client %.0f us"
                        + " (warmed up %.0f s)%n", result.opsPerSecond(), result.p50Millis(), result.p99Millis(),
                result.serverCpuMicros(), result.clientCpuMicros(), result.warmedUpSeconds());
        if (result.failures() > 0) {
            System.err.printf(Locale.ROOT, "bench: FAILURE: %d operation(s) of %s on %s failed; the first:%n",
                    result.failures(), workload.key(), target.name());
            result.firstFailureCause().printStackTrace();
        }
        return result;
    }

    private static List<Workload> selected(String keys) {
        if (keys == null || keys.isBlank()) {
            return Workload.all();
        }
        List<String> wanted = List.of(keys.split(","));
        List<Workload> workloads = new ArrayList<>();
        for (Workload workload : Workload.all()) {
            if (wanted.contains(workload.key())) {
                workloads.add(workload);
            }
        }
        if (workloads.size() != wanted.size()) {
            throw new IllegalArgumentException("unknown workload in " + keys + "; known: "
                    + Workload.all().stream().map(Workload::key).toList());
        }
        return workloads;
    }

    private static void environment(ResultTable table, String dataDir, double warmup, double maxWarmup,
                                    double duration, Workload.Preloaded preloaded) {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        table.environment(String.format(Locale.ROOT, "%d cores, %.1f GiB memory, %s %s (%s), Java %s (%s)",
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.version"), System.getProperty("java.vm.name")));
        if (dataDir != null) {
            table.environment("data of both systems under " + dataDir + " " + fileSystem(Path.of(dataDir)));
        }
        table.environment(String.format(Locale.ROOT, "per workload and system: %.0f s warm-up%s, %.0f s measured; "
                + "%d preloaded documents for reads; client and servers share the machine", warmup,
                maxWarmup > warmup ? String.format(Locale.ROOT, " (up to %.0f s, until throughput is steady within "
                        + "%.0f%% over %.0f s windows)", maxWarmup, LoadRunner.STEADY * 100, LoadRunner.WINDOW_SECONDS)
                        : "", duration, preloaded.count()));
    }

    private static String fileSystem(Path path) {
        try {
            FileStore store = Files.getFileStore(path);
            String description = "(file system " + store.name() + ", " + store.type() + ")";
            if (store.type().equals("tmpfs") || store.type().equals("ramfs")) {
                description += " WARNING: in memory, fsync costs nothing here; run on a disk for real figures";
            }
            return description;
        } catch (IOException e) {
            return "(file system unknown: " + e.getMessage() + ")";
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !OPTIONS.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value with an option among " + OPTIONS
                        + ", got " + args[i]);
            }
            options.put(name, args[++i]);
        }
        String only = options.getOrDefault("only", "both");
        if (!List.of("both", "muninn", "pg").contains(only)) {
            throw new IllegalArgumentException("--only takes muninn or pg, got " + only);
        }
        if (options.containsKey("workloads")) {
            selected(options.get("workloads"));
        }
        return options;
    }
}
