package io.rivulet.connect.http.listen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Events received and not yet handed to Connect, bounded: a request's events go in all together or not at all, and
 * are taken together (so exact duplicates within a request meet in one poll). Once closed it takes nothing more, and
 * what it held is failed so that the clients retry.
 */
final class EventQueue {
    private final int capacity;
    private final LinkedBlockingQueue<List<ListenedRecord>> requests = new LinkedBlockingQueue<>();
    private final Semaphore free;
    private volatile boolean closed;

    EventQueue(int capacity) {
        this.capacity = capacity;
        this.free = new Semaphore(capacity);
    }

    int capacity() {
        return capacity;
    }

    boolean closed() {
        return closed;
    }

    /** Events waiting for the next poll. */
    int size() {
        return capacity - free.availablePermits();
    }

    /** Adds every event, or none when there is no room for all of them. */
    boolean offerAll(List<ListenedRecord> received) {
        if (closed || !free.tryAcquire(received.size())) {
            return false;
        }
        if (!received.isEmpty()) {
            requests.add(received);
        }
        return true;
    }

    /**
     * Takes the waiting requests' events, whole requests until there are {@code max} or more, waiting up to
     * {@code waitMs} for the first.
     */
    List<ListenedRecord> take(int max, long waitMs) throws InterruptedException {
        List<ListenedRecord> first = requests.poll(waitMs, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        // Sized for what is queued, not for max (the queue's size): at 1,000 single-event requests/s, an array of
        // max slots per poll was most of what the worker allocated, and its young collections were the latency's tail.
        List<ListenedRecord> taken = new ArrayList<>(Math.max(first.size(), Math.min(max, size())));
        taken.addAll(first);
        for (List<ListenedRecord> next; taken.size() < max && (next = requests.poll()) != null; ) {
            taken.addAll(next);
        }
        free.release(taken.size());
        return taken;
    }

    void close(Exception reason) {
        closed = true;
        List<List<ListenedRecord>> left = new ArrayList<>();
        requests.drainTo(left);
        left.forEach(request -> request.forEach(event -> event.failed(reason)));
    }
}
