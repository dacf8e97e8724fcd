package io.rivulet.connect.http.pull;

/** A request that did not give a usable page; {@link #transientFailure()} says whether retrying may help. */
public class HttpFailure extends Exception {
    private final boolean transientFailure;
    private final long retryAfterMs;
    private final int status;

    HttpFailure(String message, boolean transientFailure, long retryAfterMs, Throwable cause) {
        this(message, transientFailure, retryAfterMs, cause, -1);
    }

    HttpFailure(String message, boolean transientFailure, long retryAfterMs, Throwable cause, int status) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfterMs = retryAfterMs;
        this.status = status;
    }

    /** The answer's HTTP status, or -1 when there was none (I/O error, timeout). */
    public int status() {
        return status;
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    /** The server's Retry-After in milliseconds, or -1. */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
