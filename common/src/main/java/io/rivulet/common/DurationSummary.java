package io.rivulet.common;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How long something took (a request, a flush, an ingestion task), in the shape of a Prometheus summary: a count and
 * a sum since the start, which add up across tasks and give averages by rate, and the 0.5 and 0.99 quantiles and the
 * maximum over the last minute, per task. JMX shows it through four attributes of a metrics bean
 * ({@code <Name>SecondsCount}, {@code -Sum}, {@code -Max}, {@code -Quantiles}), which the exporter rules turn into
 * {@code <name>_seconds_count}, {@code _sum}, {@code _max} and {@code <name>_seconds{quantile=...}}.
 *
 * <p>Quantiles come from buckets whose bounds grow by 2^(1/4) from 100 microseconds (about 19% apart, up to about
 * 29 hours): the value shown is the upper bound of the bucket the quantile falls in, at most 19% above the truth.
 * The minute is six slices of ten seconds; a slice is cleared when its turn comes round again.
 */
public final class DurationSummary {
    /** The quantiles shown, as their labels. */
    public static final String[] QUANTILES = {"0.5", "0.99"};
    private static final long FIRST_BOUND_NANOS = 100_000;
    private static final int BUCKETS = 120;
    private static final long[] BOUNDS_NANOS = bounds();
    private static final int SLICES = 6;
    private static final long SLICE_NANOS = 10_000_000_000L;

    private final LongSupplier clockNanos;
    private final long[][] counts = new long[SLICES][BUCKETS + 1];
    private final long[] maxNanos = new long[SLICES];
    private final long[] sliceEpoch = new long[SLICES];
    private long count;
    private long sumNanos;

    public DurationSummary() {
        this(System::nanoTime);
    }

    /** With another clock, for tests. */
    public DurationSummary(LongSupplier clockNanos) {
        this.clockNanos = clockNanos;
        Arrays.fill(sliceEpoch, Long.MIN_VALUE);
    }

    private static long[] bounds() {
        long[] bounds = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            bounds[i] = Math.round(FIRST_BOUND_NANOS * Math.pow(2, i / 4.0));
        }
        return bounds;
    }

    /** Records one duration since {@code startNanos} ({@link System#nanoTime()}). */
    public void recordSince(long startNanos) {
        long now = clockNanos.getAsLong();
        record(now - startNanos, now);
    }

    /** Records one duration; a negative one (a clock step) counts as 0. */
    public void record(long nanos) {
        record(nanos, clockNanos.getAsLong());
    }

    private synchronized void record(long nanos, long nowNanos) {
        long duration = Math.max(0, nanos);
        count++;
        sumNanos += duration;
        int slice = currentSlice(nowNanos);
        counts[slice][bucket(duration)]++;
        maxNanos[slice] = Math.max(maxNanos[slice], duration);
    }

    private int currentSlice(long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, SLICE_NANOS);
        int slice = (int) Math.floorMod(epoch, SLICES);
        if (sliceEpoch[slice] != epoch) {
            sliceEpoch[slice] = epoch;
            Arrays.fill(counts[slice], 0);
            maxNanos[slice] = 0;
        }
        return slice;
    }

    private static int bucket(long nanos) {
        int found = Arrays.binarySearch(BOUNDS_NANOS, nanos);
        return found >= 0 ? found : -found - 1; // the first bound at or above; BUCKETS past the last
    }

    public synchronized long count() {
        return count;
    }

    public synchronized double sumSeconds() {
        return sumNanos / 1e9;
    }

    /** The longest duration of the last minute, in seconds; 0 when there was none. */
    public synchronized double maxSeconds() {
        long now = nowEpoch();
        long max = 0;
        for (int s = 0; s < SLICES; s++) {
            if (inLastMinute(s, now)) {
                max = Math.max(max, maxNanos[s]);
            }
        }
        return max / 1e9;
    }

    private long nowEpoch() {
        return Math.floorDiv(clockNanos.getAsLong(), SLICE_NANOS);
    }

    /** Whether slice {@code s} holds durations of the minute up to the slice of {@code nowEpoch}. */
    private boolean inLastMinute(int s, long nowEpoch) {
        return nowEpoch - sliceEpoch[s] < SLICES;
    }

    /** The {@link #QUANTILES} of the last minute in seconds, by label; NaN when there was nothing to measure. */
    public synchronized Map<String, Double> quantileSeconds() {
        long now = nowEpoch();
        long[] merged = new long[BUCKETS + 1];
        long total = 0;
        long max = 0;
        for (int s = 0; s < SLICES; s++) {
            if (inLastMinute(s, now)) {
                for (int b = 0; b <= BUCKETS; b++) {
                    merged[b] += counts[s][b];
                    total += counts[s][b];
                }
                max = Math.max(max, maxNanos[s]);
            }
        }
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (String label : QUANTILES) {
            quantiles.put(label, total == 0 ? Double.NaN : quantile(merged, total, max, Double.parseDouble(label)));
        }
        return quantiles;
    }

    /** The bound of the bucket holding the q-th duration, never above the largest duration seen. */
    private static double quantile(long[] buckets, long total, long maxNanos, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int b = 0; b <= BUCKETS; b++) {
            seen += buckets[b];
            if (seen >= rank) {
                long bound = b < BUCKETS ? BOUNDS_NANOS[b] : maxNanos;
                return Math.min(bound, maxNanos) / 1e9;
            }
        }
        return maxNanos / 1e9;
    }
}
