package dev.muninn.bench;

/** Log-linear latency buckets (about 2% resolution from 1 µs to minutes); one per thread, merged at the end. */
public final class LatencyHistogram {
    private static final int SUB_BUCKETS = 64;
    private final long[] counts = new long[64 * SUB_BUCKETS];
    private long total;

    public void record(long nanos) {
        long micros = Math.max(1, nanos / 1_000);
        counts[index(micros)]++;
        total++;
    }

    private static int index(long micros) {
        int magnitude = 63 - Long.numberOfLeadingZeros(micros);
        if (magnitude < 6) {
            return (int) micros;
        }
        int sub = (int) ((micros >> (magnitude - 6)) & (SUB_BUCKETS - 1));
        return (magnitude - 5) * SUB_BUCKETS + sub;
    }

    private static long lowerBoundMicros(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int magnitude = index / SUB_BUCKETS + 5;
        int sub = index % SUB_BUCKETS;
        return (1L << magnitude) + ((long) sub << (magnitude - 6));
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    public long count() {
        return total;
    }

    /** The latency in milliseconds below which {@code fraction} of operations completed. */
    public double percentileMillis(double fraction) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return lowerBoundMicros(i) / 1000.0;
            }
        }
        return Double.NaN;
    }
}
