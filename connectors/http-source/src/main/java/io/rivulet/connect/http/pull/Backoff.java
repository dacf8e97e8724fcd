package io.rivulet.connect.http.pull;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, capped: wait a random time up to min(max, initial * 2^attempt). */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;

    public Backoff(long initialMs, long maxMs) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    /** The wait before retry number {@code attempt} (0 for the first retry). */
    public long delayMs(int attempt) {
        long ceiling = Math.min(maxMs, initialMs << Math.min(attempt, 30));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
