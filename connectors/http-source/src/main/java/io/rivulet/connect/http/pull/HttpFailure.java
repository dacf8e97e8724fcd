package io.rivulet.connect.http.pull;

/** A request that did not give a usable page; {@link #transientFailure()} says whether retrying may help. */
public class HttpFailure extends Exception {
    private final boolean transientFailure;
    private final long retryAfterMs;

    HttpFailure(String message, boolean transientFailure, long retryAfterMs, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfterMs = retryAfterMs;
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    /** The server's Retry-After in milliseconds, or -1. */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
