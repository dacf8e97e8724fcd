package io.rivulet.connect.http.listen;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One POST's events on their way to Kafka: done once every event's write is (each completes with true when the
 * event went to the invalid topic), failed as soon as one write fails. The client is answered from it.
 *
 * <p>The request's own events report to it directly ({@link ListenedRecord#answers}); only an earlier request's
 * write of the same event id is waited for through its future. A completion stage per event cost the producer's
 * thread, which completes the writes, a cache miss per event.
 */
final class PendingRequest {
    /** What the 202 answer reports. */
    record Outcome(int accepted, int invalid, int duplicates) {
    }

    private final int events;
    private final AtomicInteger remaining;
    private final AtomicInteger invalid = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final CompletableFuture<Outcome> done = new CompletableFuture<>();

    PendingRequest(int events) {
        this.events = events;
        this.remaining = new AtomicInteger(events);
    }

    /** Waits for an earlier request's write of one of this request's events (a retry). */
    void trackEarlier(CompletableFuture<Boolean> write) {
        write.whenComplete((routedAsInvalid, failure) -> {
            if (failure != null) {
                failed(failure);
            } else {
                settled(routedAsInvalid, true);
            }
        });
    }

    /** One of this request's own events is written ({@code routedAsInvalid}: to the invalid topic). */
    void written(boolean routedAsInvalid) {
        settled(routedAsInvalid, false);
    }

    /** One of its events will not be written: the request fails, and the client retries. */
    void failed(Throwable failure) {
        done.completeExceptionally(failure);
    }

    private void settled(boolean routedAsInvalid, boolean duplicate) {
        if (routedAsInvalid) {
            invalid.incrementAndGet();
        }
        if (duplicate) {
            duplicates.incrementAndGet();
        }
        if (remaining.decrementAndGet() == 0) {
            done.complete(new Outcome(events, invalid.get(), duplicates.get()));
        }
    }

    CompletableFuture<Outcome> done() {
        return done;
    }
}
