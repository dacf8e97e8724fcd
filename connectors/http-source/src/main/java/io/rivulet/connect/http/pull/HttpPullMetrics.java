package io.rivulet.connect.http.pull;

import java.util.concurrent.atomic.LongAdder;

import io.rivulet.connect.http.HttpAnswers;

/** The counts behind {@link HttpPullMetricsMXBean}, for one endpoint. */
public final class HttpPullMetrics extends HttpAnswers implements HttpPullMetricsMXBean {
    private final LongAdder unanswered = new LongAdder();
    private final LongAdder retries = new LongAdder();

    /** The request begun at {@code startNanos} got {@code page}. */
    void answered(FetchedPage page, long startNanos) {
        answered(page.notModified() ? 304 : 200, startNanos);
    }

    /** The request begun at {@code startNanos} failed with {@code failure}, with or without an answer. */
    void failed(HttpFailure failure, long startNanos) {
        if (failure.status() > 0) {
            answered(failure.status(), startNanos);
        } else {
            unanswered.increment();
            unanswered(startNanos);
        }
    }

    void retried() {
        retries.increment();
    }

    @Override
    public long getUnanswered() {
        return unanswered.sum();
    }

    @Override
    public long getRetries() {
        return retries.sum();
    }
}
