package io.rivulet.aggregator.window;

import java.time.Duration;

/**
 * Tumbling event-time windows with grace, with Kafka Streams' rule: a window [start, start + size) closes once
 * stream time reaches its end plus the grace period; an event for a closed window is late.
 */
public record TumblingWindows(long sizeMs, long graceMs) {

    public TumblingWindows {
        if (sizeMs <= 0 || graceMs < 0) {
            throw new IllegalArgumentException("size must be positive and grace not negative");
        }
    }

    public static TumblingWindows of(Duration size, Duration grace) {
        return new TumblingWindows(size.toMillis(), grace.toMillis());
    }

    public long start(long timestamp) {
        return timestamp - Math.floorMod(timestamp, sizeMs);
    }

    public long end(long start) {
        return start + sizeMs;
    }

    public boolean closed(long start, long streamTime) {
        return start + sizeMs + graceMs <= streamTime;
    }

    /** The start of the newest window closed at {@code streamTime}. */
    public long lastClosedStart(long streamTime) {
        return start(streamTime - sizeMs - graceMs);
    }
}
