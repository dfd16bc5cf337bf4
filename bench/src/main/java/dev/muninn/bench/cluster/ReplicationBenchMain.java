package dev.muninn.bench.cluster;

import dev.muninn.bench.BenchDocument;
import dev.muninn.bench.LatencyHistogram;
import dev.muninn.bench.LoadRunner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
 * rate on node A (official client, 8 writers), every write is watched on B and C: lag = first time B or C has
 * applied it minus the writer's acknowledgement (see {@link #measureLag}). (2) Throughput of 32 writers on the replicated database
 * against a single-member database in the same run. Last line: RESULT lag_p50_ms=… lag_p99_ms=…
 * replicated_vs_single=….
 */
public final class ReplicationBenchMain {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

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
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "30"));
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
            // Three JVMs and the bench share the cores: until the JIT compilers are done with the hot paths they
            // take a large share of them (seen: 40% of all CPU in the first 30 s). Measure the steady state.
            System.err.printf("bench: warming up for %.0f s (same load, not measured)...%n", warmup);
            measureLag(urls, rate, warmup, "warmup/");
            LatencyHistogram lag = measureLag(urls, rate, seconds, "lag/");
            printSenderStats(urls[0]);
            System.err.println("bench: throughput, 32 writers, replicated vs single-member database...");
            LoadRunner runner = new LoadRunner(Math.max(2, warmup / 2), seconds);
            double replicated = throughput(runner, urls[0], "replicated");
            double single = throughput(runner, urls[0], "single");
            System.out.printf(Locale.ROOT, "replication lag at %d writes/s (8 writers on A; B and C long-polled): "
                    + "p50 %.2f ms, p99 %.2f ms, samples %d%n", rate, lag.percentileMillis(0.5),
                    lag.percentileMillis(0.99), lag.count());
            System.out.printf(Locale.ROOT, "32 writers: replicated (RF 3) %.0f op/s, single member %.0f op/s%n",
                    replicated, single);
            System.out.printf(Locale.ROOT, "RESULT lag_p50_ms=%.2f lag_p99_ms=%.2f replicated_vs_single=%.2f%n",
                    lag.percentileMillis(0.5), lag.percentileMillis(0.99), replicated / single);
        }
        System.exit(0);
    }

    /** A write acknowledged on A: its etag there and when the writer got the answer. */
    private record Acknowledged(long etag, long nanos) {
    }

    /**
     * Writers on A at a steady rate (8 threads, official client); every acknowledged write's etag on A is taken from
     * its change vector. One poller per other member asks it how far it has applied A's changes
     * ({@code /replication/last-etag?source=<A's database id>&waitForEtag=…}, a long poll on what the member has seen
     * of A's writes, moved in the same transaction as the documents whether they came from A or forwarded by the
     * other member): each write is visible there from the first answer at or past its etag. The pollers add two requests in flight and no busy load on the members.
     */
    private static LatencyHistogram measureLag(String[] urls, int rate, double seconds, String idPrefix)
            throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(8);
        AtomicLong sequence = new AtomicLong();
        long total = (long) (rate * seconds);
        long intervalNanos = 1_000_000_000L / rate;
        java.util.concurrent.LinkedBlockingQueue<Acknowledged>[] pending = new java.util.concurrent.LinkedBlockingQueue[] {
                new java.util.concurrent.LinkedBlockingQueue<Acknowledged>(),
                new java.util.concurrent.LinkedBlockingQueue<Acknowledged>()};
        java.util.concurrent.atomic.AtomicReference<String> sourceId = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        LatencyHistogram lag = new LatencyHistogram();
        List<Thread> pollers = new java.util.ArrayList<>();
        AtomicLong lost = new AtomicLong();
        AtomicLong failedWrites = new AtomicLong();
        for (int d = 0; d < 2; d++) {
            String url = urls[d + 1];
            java.util.concurrent.LinkedBlockingQueue<Acknowledged> queue = pending[d];
            Thread poller = new Thread(() -> poll(url, sourceId, queue, writing, lag, lost), "lag-poller-" + d);
            poller.start();
            pollers.add(poller);
        }
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
                        BenchDocument doc = BenchDocument.sample(n);
                        String changeVector;
                        try (IDocumentSession session = store.openSession()) {
                            session.store(doc, idPrefix + n);
                            session.saveChanges();
                            changeVector = session.advanced().getChangeVectorFor(doc);
                        } catch (RuntimeException e) {
                            if (failedWrites.incrementAndGet() <= 3) {
                                System.err.println("bench: write " + idPrefix + n + " failed: " + e);
                            }
                            continue; // counted, never silently dropped
                        }
                        long acknowledged = System.nanoTime();
                        String[] entry = ownEntry(changeVector);
                        sourceId.compareAndSet(null, entry[1]);
                        for (var queue : pending) {
                            queue.add(new Acknowledged(Long.parseLong(entry[0]), acknowledged));
                        }
                    }
                    return null;
                });
            }
            writers.shutdown();
            writers.awaitTermination(10, TimeUnit.MINUTES);
        }
        long drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((!pending[0].isEmpty() || !pending[1].isEmpty()) && System.nanoTime() < drainDeadline) {
            Thread.sleep(10);
        }
        writing.set(false);
        for (Thread poller : pollers) {
            poller.join();
        }
        if (failedWrites.get() > 0) {
            System.err.printf("bench: FAILURE: %d writes failed on A%n", failedWrites.get());
        }
        if (lost.get() > 0 || !pending[0].isEmpty() || !pending[1].isEmpty()) {
            System.err.printf("bench: FAILURE: %d writes never became visible on B or C%n",
                    lost.get() + pending[0].size() + pending[1].size());
        }
        return lag;
    }

    /** What node A's senders report (Prometheus counters): batches, items per batch, mean round trip. */
    private static void printSenderStats(String url) {
        try {
            String metrics = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url
                    + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> values = new LinkedHashMap<>();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("muninn_replication_") && line.contains("database=\"replicated\"")) {
                    String name = line.substring(0, line.indexOf('{'));
                    values.put(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
            double batches = values.getOrDefault("muninn_replication_batches_total", 0.0);
            System.out.printf(Locale.ROOT, "senders on A (to B and C): %.0f batches, %.1f items per batch, "
                            + "mean round trip %.2f ms, %.0f failures%n", batches,
                    values.getOrDefault("muninn_replication_items_total", 0.0) / Math.max(1, batches),
                    values.getOrDefault("muninn_replication_send_seconds_total", 0.0) * 1000 / Math.max(1, batches),
                    values.getOrDefault("muninn_replication_failures_total", 0.0));
        } catch (Exception e) {
            System.err.println("bench: cannot read A's replication metrics: " + e);
        }
    }

    /** The writer's own change-vector entry (the first one, "A:etag-dbid"): {etag, database id}. */
    private static String[] ownEntry(String changeVector) {
        String first = changeVector.split(",")[0].trim();
        int colon = first.indexOf(':');
        int dash = first.indexOf('-', colon);
        return new String[] {first.substring(colon + 1, dash), first.substring(dash + 1)};
    }

    private static void poll(String url, java.util.concurrent.atomic.AtomicReference<String> sourceId,
                             java.util.concurrent.LinkedBlockingQueue<Acknowledged> queue,
                             java.util.concurrent.atomic.AtomicBoolean writing, LatencyHistogram lag, AtomicLong lost) {
        java.util.PriorityQueue<Acknowledged> waiting = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingLong(Acknowledged::etag));
        while (writing.get() || !queue.isEmpty() || !waiting.isEmpty()) {
            // Block (never spin) while nothing is waiting: a spinning poller takes a core from the nodes.
            if (waiting.isEmpty()) {
                Acknowledged next;
                try {
                    next = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (next == null) {
                    continue;
                }
                waiting.add(next);
            }
            queue.drainTo(waiting);
            String source = sourceId.get();
            long position;
            try {
                // A long poll: the member answers once it applied the oldest write still waiting (or after 1 s).
                var response = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url
                                + "/databases/replicated/replication/last-etag?source=" + source + "&waitForEtag="
                                + waiting.peek().etag() + "&waitMs=1000"))
                        .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                var answer = JSON.readTree(response.body());
                // SeenEtag: also the writes another member forwarded first (the source then skips them)
                position = Math.max(answer.path("LastEtag").asLong(-1), answer.path("SeenEtag").asLong(-1));
            } catch (Exception e) {
                continue;
            }
            long now = System.nanoTime();
            for (Acknowledged a; (a = queue.poll()) != null; ) {
                waiting.add(a);
            }
            while (!waiting.isEmpty() && waiting.peek().etag() <= position) {
                long nanos = now - waiting.poll().nanos();
                synchronized (lag) {
                    lag.record(Math.max(0, nanos));
                }
            }
            if (!writing.get() && !waiting.isEmpty() && now - waiting.peek().nanos() > 30_000_000_000L) {
                lost.addAndGet(waiting.size());
                waiting.clear();
            }
        }
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
