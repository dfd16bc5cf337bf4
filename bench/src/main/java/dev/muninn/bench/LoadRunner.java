package dev.muninn.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an operation on N threads: a warm-up, then a measured window in which completed operations are counted and
 * their latencies recorded (one histogram per thread, merged at the end). Failures are counted, never skipped
 * silently: the first one is kept with its stack trace.
 */
public final class LoadRunner {
    /** One operation; {@code sequence} is unique across threads. */
    @FunctionalInterface
    public interface Operation {
        void run(long sequence) throws Exception;
    }

    /** A thread's own operation, with what it holds (a connection) released by {@link #close()}. */
    @FunctionalInterface
    interface ThreadOperation extends Operation, AutoCloseable {
        @Override
        default void close() throws Exception {
        }
    }

    /** Called once on each load thread before its first operation. */
    @FunctionalInterface
    interface ThreadOperationFactory {
        ThreadOperation open() throws Exception;
    }

    /**
     * {@code serverCpuMicros} / {@code clientCpuMicros}: CPU time per operation in the measured window of the
     * server's processes and of this JVM (NaN when not measured).
     */
    public record Result(double opsPerSecond, long operations, long failures, double p50Millis, double p99Millis,
                  String firstFailure, Throwable firstFailureCause, double serverCpuMicros, double clientCpuMicros,
                  double warmedUpSeconds) {
    }

    /** Throughput of two successive windows this close (relative) counts as steady. */
    static final double STEADY = 0.05;
    static final double WINDOW_SECONDS = 3;

    private final double warmupSeconds;
    private final double maxWarmupSeconds;
    private final double durationSeconds;

    public LoadRunner(double warmupSeconds, double durationSeconds) {
        this(warmupSeconds, warmupSeconds, durationSeconds);
    }

    /**
     * @param warmupSeconds    the least warm-up
     * @param maxWarmupSeconds beyond the least, warm-up goes on in windows of {@value #WINDOW_SECONDS} s until two
     *                         successive windows' throughput differ by at most {@value #STEADY} of it (a JIT still
     *                         compiling the hot path moves it by far more), up to this long in all
     */
    public LoadRunner(double warmupSeconds, double maxWarmupSeconds, double durationSeconds) {
        this.warmupSeconds = warmupSeconds;
        this.maxWarmupSeconds = Math.max(warmupSeconds, maxWarmupSeconds);
        this.durationSeconds = durationSeconds;
    }

    public Result run(int threads, AtomicLong sequence, Operation operation) throws InterruptedException {
        return run(threads, sequence, () -> operation::run, Optional.empty());
    }

    /** As {@link #run(int, AtomicLong, Operation)}, measuring {@code server}'s CPU over the window when given. */
    Result run(int threads, AtomicLong sequence, ThreadOperationFactory factory, Optional<ProcessCpu> server)
            throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<LatencyHistogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            LatencyHistogram histogram = new LatencyHistogram();
            histograms.add(histogram);
            Thread worker = new Thread(() -> {
                try (ThreadOperation operation = factory.open()) {
                    while (!stop.get()) {
                        long started = System.nanoTime();
                        try {
                            operation.run(sequence.incrementAndGet());
                            completed.incrementAndGet();
                            if (measuring.get()) {
                                histogram.record(System.nanoTime() - started);
                            }
                        } catch (Exception | AssertionError e) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, e);
                            Thread.sleep(1); // a failing target must not turn into a busy loop
                        }
                    }
                } catch (Exception | AssertionError e) {
                    // opening or closing the thread's connection failed: the thread did no (further) work
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e);
                }
            }, "bench-" + t);
            workers.add(worker);
            worker.start();
        }
        double warmedUp = warmUp(completed);
        ProcessCpu client = ProcessCpu.self();
        Duration serverBefore = server.map(ProcessCpu::used).orElse(Duration.ZERO);
        Duration clientBefore = client.used();
        measuring.set(true);
        long started = System.nanoTime();
        Thread.sleep((long) (durationSeconds * 1000));
        measuring.set(false);
        double elapsed = (System.nanoTime() - started) / 1e9;
        Duration serverCpu = server.map(ProcessCpu::used).orElse(Duration.ZERO).minus(serverBefore);
        Duration clientCpu = client.used().minus(clientBefore);
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        LatencyHistogram all = new LatencyHistogram();
        histograms.forEach(all::add);
        Throwable first = firstFailure.get();
        return new Result(all.count() / elapsed, all.count(), failures.get(), all.percentileMillis(0.50),
                all.percentileMillis(0.99), first == null ? null : first.toString(), first,
                server.isPresent() ? perOperation(serverCpu, all.count()) : Double.NaN,
                perOperation(clientCpu, all.count()), warmedUp);
    }

    /** Waits out the warm-up (see the constructor); returns how long it took, in seconds. */
    private double warmUp(AtomicLong completed) throws InterruptedException {
        long started = System.nanoTime();
        Thread.sleep((long) (warmupSeconds * 1000));
        double previousRate = -1;
        while ((System.nanoTime() - started) / 1e9 + WINDOW_SECONDS <= maxWarmupSeconds) {
            long before = completed.get();
            long windowStart = System.nanoTime();
            Thread.sleep((long) (WINDOW_SECONDS * 1000));
            double rate = (completed.get() - before) / ((System.nanoTime() - windowStart) / 1e9);
            if (previousRate > 0 && Math.abs(rate - previousRate) <= STEADY * previousRate) {
                break;
            }
            previousRate = rate;
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static double perOperation(Duration cpu, long operations) {
        return operations == 0 ? Double.NaN : cpu.toNanos() / 1000.0 / operations;
    }
}
