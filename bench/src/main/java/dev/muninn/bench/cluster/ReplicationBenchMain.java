package dev.muninn.bench.cluster;

import dev.muninn.bench.BenchDocument;
import dev.muninn.bench.LatencyHistogram;
import dev.muninn.bench.LoadRunner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * {@code ./muninn bench replication}: a 3-node cluster with a replication-factor-3 database. (1) At a steady write
 * rate on node A (official client, 8 writers), every 10th write is watched on B and C: lag = first time it is
 * readable there minus the writer's acknowledgement. (2) Throughput of 32 writers on the replicated database
 * against a single-member database in the same run. Last line: RESULT lag_p50_ms=… lag_p99_ms=…
 * replicated_vs_single=….
 */
public final class ReplicationBenchMain {
    private ReplicationBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path work = Path.of(options.getOrDefault("work", "/tmp"));
        Path jar = Path.of(options.getOrDefault("jar", "database-node/target/quarkus-app/quarkus-run.jar"));
        double seconds = Double.parseDouble(options.getOrDefault("duration", "10"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        MuninnCluster.checkPortsFree();
        try (ProcessOwner owner = new ProcessOwner(work)) {
            MuninnCluster cluster = new MuninnCluster(owner, jar);
            System.err.println("bench: starting a 3-node Muninn cluster...");
            cluster.start();
            String[] urls = {cluster.url(0), cluster.url(1), cluster.url(2)};
            try (DocumentStore admin = new DocumentStore(urls[0], "replicated")) {
                admin.initialize();
                admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("replicated"), 3));
                admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("single"), 1));
            }
            LatencyHistogram lag = measureLag(urls, rate, seconds);
            System.err.println("bench: throughput, 32 writers, replicated vs single-member database...");
            LoadRunner runner = new LoadRunner(2, seconds);
            double replicated = throughput(runner, urls[0], "replicated");
            double single = throughput(runner, urls[0], "single");
            System.out.printf(Locale.ROOT, "replication lag at %d writes/s (8 writers on A, watched on B and C): "
                    + "p50 %.2f ms, p99 %.2f ms, samples %d%n", rate, lag.percentileMillis(0.5),
                    lag.percentileMillis(0.99), lag.count());
            System.out.printf(Locale.ROOT, "32 writers: replicated (RF 3) %.0f op/s, single member %.0f op/s%n",
                    replicated, single);
            System.out.printf(Locale.ROOT, "RESULT lag_p50_ms=%.2f lag_p99_ms=%.2f replicated_vs_single=%.2f%n",
                    lag.percentileMillis(0.5), lag.percentileMillis(0.99), replicated / single);
        }
        System.exit(0);
    }

    private static LatencyHistogram measureLag(String[] urls, int rate, double seconds) throws Exception {
        LatencyHistogram lag = new LatencyHistogram();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        ExecutorService watchers = Executors.newFixedThreadPool(16);
        AtomicLong sequence = new AtomicLong();
        long total = (long) (rate * seconds);
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        System.err.printf("bench: %d writes at %d/s on A, lag watched on B and C...%n", total, rate);
        try (DocumentStore store = new DocumentStore(urls[0], "replicated")) {
            store.getConventions().setDisableTopologyUpdates(true);
            store.initialize();
            for (int w = 0; w < 8; w++) {
                writers.submit(() -> {
                    long n;
                    while ((n = sequence.getAndIncrement()) < total) {
                        long due = start + n * intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        String id = "lag/" + n;
                        try (IDocumentSession session = store.openSession()) {
                            session.store(BenchDocument.sample(n), id);
                            session.saveChanges();
                        }
                        long acknowledged = System.nanoTime();
                        if (n % 10 == 0) {
                            for (String url : new String[] {urls[1], urls[2]}) {
                                watchers.submit(() -> watch(url, id, acknowledged, lag));
                            }
                        }
                    }
                    return null;
                });
            }
            writers.shutdown();
            writers.awaitTermination(10, TimeUnit.MINUTES);
            watchers.shutdown();
            watchers.awaitTermination(1, TimeUnit.MINUTES);
        }
        return lag;
    }

    private static void watch(String url, String id, long acknowledged, LatencyHistogram lag) {
        String target = url + "/databases/replicated/docs?id=" + id;
        long deadline = acknowledged + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var response = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(target))
                        .timeout(Duration.ofSeconds(2)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    synchronized (lag) {
                        lag.record(System.nanoTime() - acknowledged);
                    }
                    return;
                }
            } catch (Exception retry) {
                // not there yet
            }
            Thread.onSpinWait();
        }
        System.err.println("bench: " + id + " never reached " + url);
    }

    private static double throughput(LoadRunner runner, String url, String database) throws Exception {
        try (DocumentStore store = new DocumentStore(url, database)) {
            store.getConventions().setDisableTopologyUpdates(true);
            store.initialize();
            LoadRunner.Result result = runner.run(32, new AtomicLong(), n -> {
                try (IDocumentSession session = store.openSession()) {
                    session.store(BenchDocument.sample(n), "tp/" + database + "/" + n);
                    session.saveChanges();
                }
            });
            if (result.failures() > 0) {
                System.err.println("bench: FAILURES on " + database + ": " + result.firstFailure());
            }
            return result.opsPerSecond();
        }
    }
}
