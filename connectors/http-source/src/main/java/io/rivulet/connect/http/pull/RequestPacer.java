package io.rivulet.connect.http.pull;

/** Spaces requests so that a task sends at most {@code rps} per second (0: no limit). */
public final class RequestPacer {
    private final long intervalNanos;
    private long next;

    public RequestPacer(double rps) {
        this.intervalNanos = rps <= 0 ? 0 : (long) (1_000_000_000L / rps);
    }

    /** How long to wait before the next request may go, in ms; reserves that slot. */
    public synchronized long reserveMs() {
        if (intervalNanos == 0) {
            return 0;
        }
        long now = System.nanoTime();
        long slot = Math.max(now, next);
        next = slot + intervalNanos;
        return (slot - now) / 1_000_000;
    }
}
