package io.rivulet.connect.http.listen;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One POST's events on their way to Kafka: done once every event's write is (each completes with true when the
 * event went to the invalid topic), failed as soon as one write fails. The client is answered from it.
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

    /** Waits for {@code write}: the event's own, or an earlier request's for the same event id. */
    void track(CompletableFuture<Boolean> write, boolean duplicate) {
        write.whenComplete((routedAsInvalid, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            if (routedAsInvalid) {
                invalid.incrementAndGet();
            }
            if (duplicate) {
                duplicates.incrementAndGet();
            }
            if (remaining.decrementAndGet() == 0) {
                done.complete(new Outcome(events, invalid.get(), duplicates.get()));
            }
        });
    }

    CompletableFuture<Outcome> done() {
        return done;
    }
}
