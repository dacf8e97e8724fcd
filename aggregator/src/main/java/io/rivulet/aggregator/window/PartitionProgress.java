package io.rivulet.aggregator.window;

import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What an input partition's task keeps in its (changelogged) progress store, a few records per window: where each
 * open window's first event is in the input and the partition's time then, where the wall clock moved an idle
 * partition's time (after which record), and how far windows were closed. A new task reads the input again from
 * {@link #replayStart()} and so rebuilds the open windows exactly.
 */
final class PartitionProgress {
    private static final String IDLE_TIME = "idle.time";
    private static final String OPENED_AT = "opened.offset.";
    private static final String TIME_BEFORE = "opened.time.";
    private static final String IDLE_AFTER = "idle.after.";
    private static final String CLOSED_UNTIL = "closed.until";

    private final KeyValueStore<String, Long> store;

    PartitionProgress(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** Where a new task starts reading again: the oldest open window's first event, and what it must know there. */
    record ReplayStart(long fromOffset, long timeBefore, Map<Long, Long> idleAfter) {
    }

    /** The partition's time as the wall clock last moved it, or MIN_VALUE. */
    long idleTime() {
        Long time = store.get(IDLE_TIME);
        return time == null ? Long.MIN_VALUE : time;
    }

    /** The wall clock moved the time to {@code time} after the record at {@code afterOffset} (-1: none kept). */
    void idleMoved(long time, long afterOffset) {
        store.put(IDLE_TIME, time);
        if (afterOffset >= 0) {
            store.put(IDLE_AFTER + afterOffset, time);
        }
    }

    /** The window starting at {@code windowStart} got its first event, at {@code offset}, at that partition time. */
    void opened(long windowStart, long offset, long partitionTime) {
        store.put(OPENED_AT + windowStart, offset);
        store.put(TIME_BEFORE + windowStart, partitionTime);
    }

    /** The start of the newest window closed so far, or MIN_VALUE. */
    long closedUntil() {
        Long closed = store.get(CLOSED_UNTIL);
        return closed == null ? Long.MIN_VALUE : closed;
    }

    /** Windows up to {@code lastClosedStart} closed: their positions, and idle moves before the open ones, go. */
    void closed(long lastClosedStart) {
        store.put(CLOSED_UNTIL, lastClosedStart);
        long oldestOpen = Long.MAX_VALUE;
        Map<String, Long> entries = entries();
        for (Map.Entry<String, Long> entry : entries.entrySet()) {
            if (entry.getKey().startsWith(OPENED_AT)) {
                long start = Long.parseLong(entry.getKey().substring(OPENED_AT.length()));
                if (start <= lastClosedStart) {
                    store.delete(entry.getKey());
                    store.delete(TIME_BEFORE + start);
                } else {
                    oldestOpen = Math.min(oldestOpen, entry.getValue());
                }
            }
        }
        for (String key : entries.keySet()) {
            if (key.startsWith(IDLE_AFTER) && Long.parseLong(key.substring(IDLE_AFTER.length())) < oldestOpen) {
                store.delete(key);
            }
        }
    }

    /** Where to read again from, or null when no window is open. */
    ReplayStart replayStart() {
        Map<String, Long> entries = entries();
        long from = Long.MAX_VALUE;
        long timeBefore = Long.MIN_VALUE;
        Map<Long, Long> idleAfter = new TreeMap<>();
        for (Map.Entry<String, Long> entry : entries.entrySet()) {
            if (entry.getKey().startsWith(OPENED_AT) && entry.getValue() < from) {
                from = entry.getValue();
                timeBefore = entries.getOrDefault(TIME_BEFORE + entry.getKey().substring(OPENED_AT.length()),
                        Long.MIN_VALUE);
            } else if (entry.getKey().startsWith(IDLE_AFTER)) {
                idleAfter.put(Long.parseLong(entry.getKey().substring(IDLE_AFTER.length())), entry.getValue());
            }
        }
        return from == Long.MAX_VALUE ? null : new ReplayStart(from, timeBefore, idleAfter);
    }

    private Map<String, Long> entries() {
        Map<String, Long> entries = new TreeMap<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(entry -> entries.put(entry.key, entry.value));
        }
        return entries;
    }
}
