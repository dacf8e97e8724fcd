package io.rivulet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @ParameterizedTest
    @CsvSource({"0, 500", "1, 1000", "2, 2000", "5, 16000", "6, 30000", "40, 30000", "1000, 30000", "-1, 500"})
    void theCeilingDoublesUpToTheMaximum(int attempt, long ceiling) {
        assertEquals(ceiling, new Backoff(500, 30_000).ceilingMs(attempt));
    }

    @Test
    void aHugeInitialWaitNeverOverflowsPastTheMaximum() {
        assertEquals(Long.MAX_VALUE, new Backoff(Long.MAX_VALUE / 2, Long.MAX_VALUE).ceilingMs(62));
    }

    /** Equal jitter: between half the ceiling and the ceiling, and spread over that range. */
    @Test
    void everyDelayLiesInTheUpperHalfOfItsCeilingAndTheyVary() {
        Backoff backoff = new Backoff(1_000, 30_000);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            long delay = backoff.delayMs(3);
            assertTrue(delay >= 4_000 && delay <= 8_000, "delay " + delay);
            seen.add(delay);
        }
        assertTrue(seen.size() > 1_000, "distinct delays: " + seen.size());
        assertTrue(seen.contains(4_000L) || seen.stream().anyMatch(d -> d < 4_100), "reaches the lower end");
        assertTrue(seen.stream().anyMatch(d -> d > 7_900), "reaches the upper end");
    }

    @Test
    void aZeroBackoffRetriesAtOnce() {
        assertEquals(0, new Backoff(0, 0).delayMs(5));
    }

    @Test
    void aMaximumBelowTheFirstWaitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(1_000, 500));
    }
}
