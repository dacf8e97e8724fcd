package io.rivulet.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies in ms, added from one thread and read from another. */
final class Latencies {
    private final List<Long> values = Collections.synchronizedList(new ArrayList<>());

    void add(long ms) {
        values.add(ms);
    }

    int count() {
        return values.size();
    }

    /** The {@code p}th percentile (nearest rank), or -1 when nothing was measured. */
    long percentile(int p) {
        List<Long> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return -1;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** "p50 N ms, p99 N ms (count what)". */
    String describe(String what) {
        return String.format("p50 %d ms, p99 %d ms (%d %s)", percentile(50), percentile(99), count(), what);
    }
}
