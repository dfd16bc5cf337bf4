package dev.muninn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Runs an operation on N threads: a warm-up, then a measured window in which completed operations are counted. */
final class LoadRunner {
    /** One operation; {@code sequence} is unique across threads. */
    @FunctionalInterface
    interface Operation {
        void run(long sequence) throws Exception;
    }

    record Result(double opsPerSecond, long operations, long failures, double p50Millis, double p99Millis,
                  String firstFailure) {
    }

    private final double warmupSeconds;
    private final double durationSeconds;

    LoadRunner(double warmupSeconds, double durationSeconds) {
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
    }

    Result run(int threads, AtomicLong sequence, Operation operation) throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<LatencyHistogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            LatencyHistogram histogram = new LatencyHistogram();
            histograms.add(histogram);
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    long started = System.nanoTime();
                    try {
                        operation.run(sequence.incrementAndGet());
                        if (measuring.get()) {
                            histogram.record(System.nanoTime() - started);
                        }
                    } catch (Exception | AssertionError e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                }
            }, "bench-" + t);
            workers.add(worker);
            worker.start();
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        measuring.set(true);
        long started = System.nanoTime();
        Thread.sleep((long) (durationSeconds * 1000));
        measuring.set(false);
        double elapsed = (System.nanoTime() - started) / 1e9;
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        LatencyHistogram all = new LatencyHistogram();
        histograms.forEach(all::add);
        return new Result(all.count() / elapsed, all.count(), failures.get(), all.percentileMillis(0.50),
                all.percentileMillis(0.99), firstFailure.get());
    }
}
