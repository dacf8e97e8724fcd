package io.rivulet.connect.http.listen;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One POST's events on their way to Kafka: the request is answered once every one of them is written. */
final class PendingRequest {
    private final CountDownLatch written;
    private final AtomicInteger invalid = new AtomicInteger();
    private volatile String failure;

    PendingRequest(int events) {
        this.written = new CountDownLatch(events);
    }

    void eventWritten(boolean routedAsInvalid) {
        if (routedAsInvalid) {
            invalid.incrementAndGet();
        }
        written.countDown();
    }

    /** The task stopped or failed before the events were written: the client must retry. */
    void fail(String reason) {
        failure = reason;
        while (written.getCount() > 0) {
            written.countDown();
        }
    }

    /** Waits for every event; false on timeout. */
    boolean await(long timeoutMs) throws InterruptedException {
        return written.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    String failure() {
        return failure;
    }

    int invalid() {
        return invalid.get();
    }
}
