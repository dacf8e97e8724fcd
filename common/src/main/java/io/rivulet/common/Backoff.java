package io.rivulet.common;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff, capped, with equal jitter: the wait before retry {@code n} is half of
 * {@code min(max, initial * 2^n)} plus a random share of the other half. The random half spreads the retries of many
 * tasks that failed together; the fixed half keeps any retry from coming back at once.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;

    public Backoff(long initialMs, long maxMs) {
        if (initialMs < 0 || maxMs < initialMs) {
            throw new IllegalArgumentException("backoff from " + initialMs + " ms up to " + maxMs + " ms");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    /** The ceiling before retry number {@code attempt} (0 for the first retry): min(max, initial * 2^attempt). */
    public long ceilingMs(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 40);
        return initialMs > maxMs >> shift ? maxMs : initialMs << shift; // compared before shifting: no overflow
    }

    /** The wait before retry number {@code attempt} (0 for the first retry), between half the ceiling and all of it. */
    public long delayMs(int attempt) {
        long ceiling = ceilingMs(attempt);
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1);
    }
}
