package dev.muninn.bench.cluster;

import dev.muninn.bench.LatencyHistogram;
import dev.muninn.bench.ProcessCpu;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: N threads, each sending one command at a time, round-robin over the members by a shared
 * sequence (so most commands reach a follower and are forwarded, as a client that does not track the leader would
 * do). A warm-up, then a measured window: commands that complete inside it are counted and their latencies
 * recorded. Every failure is counted and the first ones are printed as they happen; none is dropped silently.
 */
final class CommitLoad {
    /** Per-request timeout: longer than Muninn's 5 s operation timeout, so its own answer is what is seen. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int PRINTED_FAILURES = 10;

    /** {@code cpuMicros}: CPU time of all members' processes in the window per committed command. */
    record Result(String system, int threads, double opsPerSecond, long operations, double p50Millis,
                  double p99Millis, long failures, long warmupFailures, String firstFailure, String byMember,
                  double cpuMicros) {
    }

    private final double warmupSeconds;
    private final double durationSeconds;

    CommitLoad(double warmupSeconds, double durationSeconds) {
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
    }

    /**
     * Load that is not measured, before a system's first row: a JVM runs the hot path interpreted, then compiles it
     * for minutes, and three of them share the cores with the client (see bench/README.md). Returns the failures.
     */
    static long warmUp(ConsensusCluster cluster, int threads, double seconds) throws InterruptedException {
        Result result = new CommitLoad(seconds, 0).run(cluster, threads, -1);
        return result.failures() + result.warmupFailures();
    }

    /** Runs the load; {@code leader} (the member leading before the run) only labels the per-member figures. */
    Result run(ConsensusCluster cluster, int threads, int leader) throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sequence = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong warmupFailures = new AtomicLong();
        AtomicLong printed = new AtomicLong();
        StringBuffer firstFailure = new StringBuffer();
        // per thread, one histogram per member contacted: the leader answers itself, followers forward
        List<LatencyHistogram[]> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            LatencyHistogram[] histogram = new LatencyHistogram[cluster.size()];
            for (int m = 0; m < histogram.length; m++) {
                histogram[m] = new LatencyHistogram();
            }
            histograms.add(histogram);
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    long n = sequence.getAndIncrement();
                    int member = (int) (n % cluster.size());
                    long started = System.nanoTime();
                    try {
                        cluster.commit(member, n, REQUEST_TIMEOUT);
                        if (measuring.get()) {
                            histogram[member].record(System.nanoTime() - started);
                        }
                    } catch (Exception e) {
                        boolean measured = measuring.get();
                        (measured ? failures : warmupFailures).incrementAndGet();
                        String line = String.format(Locale.ROOT, "%s %s via %s after %.0f ms: %s",
                                measured ? "measured" : "warm-up", cluster.name(), cluster.memberName(member),
                                (System.nanoTime() - started) / 1e6, Http.describe(e));
                        synchronized (firstFailure) {
                            if (firstFailure.length() == 0) {
                                firstFailure.append(line);
                            }
                        }
                        if (printed.incrementAndGet() <= PRINTED_FAILURES) {
                            System.err.println("bench: FAILED " + LocalTime.now() + " " + line);
                        }
                        if (e instanceof InterruptedException) {
                            return;
                        }
                        try {
                            Thread.sleep(1); // a failing system must not turn the loop into a busy one
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                }
            }, "bench-" + cluster.name() + "-" + t);
            workers.add(worker);
            worker.start();
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        Duration cpuBefore = membersCpu(cluster);
        measuring.set(true);
        long started = System.nanoTime();
        Thread.sleep((long) (durationSeconds * 1000));
        measuring.set(false);
        double elapsed = (System.nanoTime() - started) / 1e9;
        Duration cpu = membersCpu(cluster).minus(cpuBefore);
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        if (printed.get() > PRINTED_FAILURES) {
            System.err.printf("bench: FAILED ... %d more failures not printed%n", printed.get() - PRINTED_FAILURES);
        }
        LatencyHistogram all = new LatencyHistogram();
        List<String> byMember = new ArrayList<>();
        for (int m = 0; m < cluster.size(); m++) {
            LatencyHistogram member = new LatencyHistogram();
            for (LatencyHistogram[] histogram : histograms) {
                member.add(histogram[m]);
            }
            all.add(member);
            byMember.add(String.format(Locale.ROOT, "%s%s %.2f/%.2f", cluster.memberName(m),
                    m == leader ? " [leader]" : "", member.percentileMillis(0.50), member.percentileMillis(0.99)));
        }
        return new Result(cluster.name(), threads, all.count() / elapsed, all.count(), all.percentileMillis(0.50),
                all.percentileMillis(0.99), failures.get(), warmupFailures.get(),
                firstFailure.length() == 0 ? null : firstFailure.toString(), String.join(", ", byMember),
                all.count() == 0 ? Double.NaN : cpu.toNanos() / 1000.0 / all.count());
    }

    /** CPU time the members' processes used so far (all run through a load; none is killed inside one). */
    private static Duration membersCpu(ConsensusCluster cluster) {
        Duration total = Duration.ZERO;
        for (int m = 0; m < cluster.size(); m++) {
            total = total.plus(ProcessCpu.of(cluster.pid(m)).map(ProcessCpu::used).orElse(Duration.ZERO));
        }
        return total;
    }
}
