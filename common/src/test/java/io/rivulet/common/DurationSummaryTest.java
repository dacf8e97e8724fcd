package io.rivulet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DurationSummaryTest {
    private final AtomicLong clock = new AtomicLong(TimeUnit.HOURS.toNanos(5));
    private final DurationSummary summary = new DurationSummary(clock::get);

    @Test
    void quantilesAreWithinOneBucketOfTheTruthAndNeverAboveTheMaximum() {
        for (int ms = 1; ms <= 100; ms++) {
            summary.record(TimeUnit.MILLISECONDS.toNanos(ms));
        }
        Map<String, Double> quantiles = summary.quantileSeconds();
        assertBetween(0.050, 0.050 * 1.19, quantiles.get("0.5"));
        assertBetween(0.099, 0.100, quantiles.get("0.99"));
        assertEquals(0.100, summary.maxSeconds(), 1e-9);
        assertEquals(100, summary.count());
        assertEquals(5.050, summary.sumSeconds(), 1e-9);
    }

    @Test
    void theQuantilesAndMaximumForgetWhatIsOlderThanAMinuteTheCountAndSumDoNot() {
        summary.record(TimeUnit.SECONDS.toNanos(3));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(30));
        summary.record(TimeUnit.MILLISECONDS.toNanos(2));
        assertEquals(3.0, summary.maxSeconds(), 1e-9);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(35)); // the 3 s is 65 s old, the 2 ms 35 s
        assertEquals(0.002, summary.maxSeconds(), 1e-9);
        assertBetween(0.002, 0.002, summary.quantileSeconds().get("0.99"));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertTrue(summary.quantileSeconds().get("0.5").isNaN());
        assertEquals(0.0, summary.maxSeconds());
        assertEquals(2, summary.count());
        assertEquals(3.002, summary.sumSeconds(), 1e-9);
    }

    @Test
    void aDurationBeyondTheLastBucketIsShownAsTheMaximum() {
        summary.record(TimeUnit.DAYS.toNanos(3));
        assertEquals(TimeUnit.DAYS.toSeconds(3), summary.quantileSeconds().get("0.99"), 1e-6);
    }

    @Test
    void aNegativeDurationCountsAsZero() {
        summary.record(-5);
        assertEquals(0.0, summary.sumSeconds());
        assertEquals(0.0, summary.quantileSeconds().get("0.5"));
    }

    private static void assertBetween(double low, double high, double value) {
        assertTrue(value >= low - 1e-9 && value <= high + 1e-9, value + " not in [" + low + ", " + high + "]");
    }
}
