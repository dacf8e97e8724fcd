package io.rivulet.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.rivulet.local.LocalPipeline;

/**
 * Polls PostgreSQL for new windows every 20 ms; the latency of each window started after the watch is the time
 * from its close (end + grace, when the aggregator may emit it) until its first row is in a table: the article's
 * end-to-end latency for results.
 */
final class WindowCloseWatch {
    /** The result tables; a window counts when its first row is in any of them. */
    private static final List<String> TABLES = List.of("active_users_per_minute", "sales_per_minute",
            "funnel_per_minute");

    private final LocalPipeline pipeline;
    private final long closeAfterStartMs;
    private final Map<Long, Long> seen = new ConcurrentHashMap<>();
    final Latencies latencies = new Latencies();
    private volatile boolean running = true;
    private Thread thread;

    WindowCloseWatch(LocalPipeline pipeline, Duration window, Duration grace) {
        this.pipeline = pipeline;
        this.closeAfterStartMs = window.plus(grace).toMillis();
    }

    void start() {
        long startedMs = System.currentTimeMillis();
        thread = new Thread(() -> {
            while (running) {
                try (Connection c = pipeline.database().connect(); Statement s = c.createStatement()) {
                    while (running) {
                        long now = System.currentTimeMillis();
                        for (String table : TABLES) {
                            for (long start : windowStarts(s, table)) {
                                if (seen.putIfAbsent(start, now) == null && start > startedMs) {
                                    latencies.add(now - (start + closeAfterStartMs));
                                }
                            }
                        }
                        Thread.sleep(20);
                    }
                } catch (SQLException e) {
                    sleep(200); // PostgreSQL not reachable yet
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "window-close-watch");
        thread.start();
    }

    /** The windows with a row in {@code table}, none while the sink has not created it (no such result yet). */
    private static List<Long> windowStarts(Statement statement, String table) {
        List<Long> starts = new ArrayList<>();
        try (ResultSet r = statement.executeQuery("SELECT DISTINCT (extract(epoch from window_start) * 1000)::bigint"
                + " FROM " + table)) {
            while (r.next()) {
                starts.add(r.getLong(1));
            }
        } catch (SQLException e) {
            // the table does not exist yet
        }
        return starts;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }
}
