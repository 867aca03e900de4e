package org.babelbridge.media.conference;

/**
 * Latency counts in 0.1 ms buckets up to 500 ms (the last bucket holds everything longer).
 * Written by one media thread, read (approximately) by any; recording allocates nothing.
 */
final class LatencyHistogram {
    private static final int BUCKETS = 5001;
    private static final long BUCKET_NS = 100_000L;
    private final long[] counts = new long[BUCKETS];
    private volatile long maxNs;

    void record(long nanos) {
        if (nanos < 0) {
            nanos = 0;
        }
        counts[(int) Math.min(BUCKETS - 1, nanos / BUCKET_NS)]++;
        if (nanos > maxNs) {
            maxNs = nanos;
        }
    }

    static long[] merge(Iterable<LatencyHistogram> histograms) {
        long[] total = new long[BUCKETS];
        for (LatencyHistogram h : histograms) {
            for (int i = 0; i < BUCKETS; i++) {
                total[i] += h.counts[i];
            }
        }
        return total;
    }

    long maxNs() {
        return maxNs;
    }

    static long count(long[] merged) {
        long n = 0;
        for (long c : merged) {
            n += c;
        }
        return n;
    }

    /** The upper edge of the bucket holding the {@code quantile} sample, in milliseconds. */
    static double percentileMs(long[] merged, double quantile) {
        long n = count(merged);
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * n);
        long seen = 0;
        for (int i = 0; i < merged.length; i++) {
            seen += merged[i];
            if (seen >= rank) {
                return (i + 1) * BUCKET_NS / 1e6;
            }
        }
        return merged.length * BUCKET_NS / 1e6;
    }
}
