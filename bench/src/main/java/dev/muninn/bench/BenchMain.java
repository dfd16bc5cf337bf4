package dev.muninn.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./muninn bench}: the same workloads, with the same concurrency, against Muninn (official RavenDB client)
 * and PostgreSQL 15 (JDBC), alternating per workload. Prints a table and a last RESULT line of ratios.
 */
public final class BenchMain {
    private static final int PRELOADED = 10_000;

    private record Workload(String key, String label, int threads, boolean inResult) {
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        // The RavenDB client logs every load at INFO through java.util.logging; applications turn that off too.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Logger.getLogger("net.ravendb").setLevel(java.util.logging.Level.WARNING);
        List<String> only = options.containsKey("workloads")
                ? List.of(options.get("workloads").split(",")) : List.of();
        String muninnUrl = options.getOrDefault("muninn", "http://127.0.0.100:8080");
        String pgUrl = options.getOrDefault("pg", "jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres");
        LoadRunner runner = new LoadRunner(Double.parseDouble(options.getOrDefault("warmup", "3")),
                Double.parseDouble(options.getOrDefault("duration", "10")));
        List<Workload> workloads = List.of(
                new Workload("writes1", "single-doc durable writes", 1, true),
                new Workload("writes32", "single-doc durable writes", 32, true),
                new Workload("batch100", "batches of 100 docs", 1, true),
                new Workload("batch100x8", "batches of 100 docs (extra)", 8, false),
                new Workload("reads", "loads by id", 32, true),
                new Workload("reads1", "loads by id (extra)", 1, false));
        List<String> rows = new ArrayList<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        boolean failed = false;
        try (Target muninn = new MuninnTarget(muninnUrl); Target postgres = new PostgresTarget(pgUrl)) {
            List<String> preloaded = new ArrayList<>();
            for (Target target : List.of(muninn, postgres)) {
                target.prepare();
                preload(target, preloaded);
            }
            for (Workload workload : workloads) {
                if (!only.isEmpty() && !only.contains(workload.key())) {
                    continue;
                }
                LoadRunner.Result m = run(runner, muninn, workload, preloaded);
                LoadRunner.Result p = run(runner, postgres, workload, preloaded);
                double ratio = m.opsPerSecond() / p.opsPerSecond();
                if (workload.inResult()) {
                    ratios.put(workload.key(), ratio);
                }
                failed |= m.failures() > 0 || p.failures() > 0;
                rows.add(String.format(Locale.ROOT, "%-30s %7d %12.0f %12.0f %7.2f %9.2f/%-9.2f %9.2f/%-9.2f %s",
                        workload.key() + " (" + workload.label() + ")", workload.threads(), m.opsPerSecond(),
                        p.opsPerSecond(), ratio, m.p50Millis(), m.p99Millis(), p.p50Millis(), p.p99Millis(),
                        failures(m, p)));
            }
        }
        System.out.printf(Locale.ROOT, "%-30s %7s %12s %12s %7s %19s %19s%n", "workload", "threads", "Muninn op/s",
                "Postgres op/s", "ratio", "Muninn p50/p99 ms", "PG p50/p99 ms");
        rows.forEach(System.out::println);
        System.out.println("batch rows count one op per 100-document batch (documents/s = op/s x 100).");
        System.out.printf("environment: %d cores, Java %s, Muninn %s, PostgreSQL %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), muninnUrl, pgUrl);
        if (failed) {
            System.err.println("bench: some operations FAILED (see the failures column); ratios are not valid");
        }
        System.out.printf(Locale.ROOT, "RESULT writes1=%.2f writes32=%.2f batch100=%.2f reads=%.2f%n",
                ratios.getOrDefault("writes1", Double.NaN), ratios.getOrDefault("writes32", Double.NaN),
                ratios.getOrDefault("batch100", Double.NaN), ratios.getOrDefault("reads", Double.NaN));
    }

    private static LoadRunner.Result run(LoadRunner runner, Target target, Workload workload, List<String> preloaded)
            throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        String prefix = "docs/" + workload.key() + "-";
        LoadRunner.Operation operation = switch (workload.key()) {
            case "writes1", "writes32" -> n -> target.insert(prefix + n, BenchDocument.sample(n));
            case "batch100", "batch100x8" -> n -> target.insertBatch(batchIds(prefix + n + "-"), null);
            default -> n -> target.read(preloaded.get(ThreadLocalRandom.current().nextInt(preloaded.size())));
        };
        System.err.printf("bench: %s on %s with %d thread(s)...%n", workload.key(), target.name(), workload.threads());
        return runner.run(workload.threads(), sequence, operation);
    }

    private static List<String> batchIds(String prefix) {
        List<String> ids = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    private static void preload(Target target, List<String> preloaded) throws Exception {
        boolean first = preloaded.isEmpty();
        for (int from = 0; from < PRELOADED; from += 100) {
            List<String> ids = new ArrayList<>();
            for (int i = from; i < from + 100; i++) {
                ids.add("docs/preloaded-" + i);
            }
            target.insertBatch(ids, null);
            if (first) {
                preloaded.addAll(ids);
            }
        }
    }

    private static String failures(LoadRunner.Result m, LoadRunner.Result p) {
        if (m.failures() == 0 && p.failures() == 0) {
            return "";
        }
        return "FAILURES muninn=" + m.failures() + " pg=" + p.failures() + " first: "
                + (m.firstFailure() != null ? m.firstFailure() : p.firstFailure());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
