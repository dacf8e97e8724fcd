package io.rivulet.simulator;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the pipeline must report for the events sent, from the aggregator's definitions (docs/aggregator.md): per
 * tumbling window, sales per currency (distinct order ids, their amounts summed exactly), distinct active users in
 * total and per segment, distinct users per funnel stage. Invalid and late events count nowhere; a duplicate counts
 * once. The simulator sends late events far behind (more than twice window + grace) and keeps all other disorder
 * under a second, so lateness does not depend on how the topics are partitioned.
 */
final class GroundTruth {
    static final java.util.List<String> STAGES = java.util.List.of("page_view", "add_to_cart", "checkout", "purchase");

    private static final class Window {
        final Map<String, long[]> orders = new TreeMap<>();
        final Map<String, BigDecimal> amounts = new TreeMap<>();
        final Set<String> orderIds = new HashSet<>();
        final Map<String, Set<String>> usersBySegment = new TreeMap<>();
        final Set<String> users = new HashSet<>();
        final java.util.List<Set<String>> stageUsers = java.util.List.of(new HashSet<>(), new HashSet<>(),
                new HashSet<>(), new HashSet<>());
    }

    private final long windowMs;
    private final long graceMs;
    private final Map<Long, Window> windows = new TreeMap<>();
    /** Events that count in no window (or once): invalid, late and second deliveries, of orders and clicks. */
    enum Outside { INVALID, LATE, DUPLICATE }

    /** Per {@link Outside}, [orders, clicks]. */
    private final java.util.EnumMap<Outside, long[]> outside = new java.util.EnumMap<>(Outside.class);
    private long closedBefore = Long.MIN_VALUE;

    GroundTruth(long windowMs, long graceMs) {
        this.windowMs = windowMs;
        this.graceMs = graceMs;
    }

    private Window window(long time) {
        return windows.computeIfAbsent(time - Math.floorMod(time, windowMs), start -> new Window());
    }

    synchronized void order(String orderId, String currency, BigDecimal amount, long time) {
        Window window = window(time);
        if (window.orderIds.add(orderId)) {
            window.orders.computeIfAbsent(currency, c -> new long[1])[0]++;
            window.amounts.merge(currency, amount, BigDecimal::add);
        }
    }

    synchronized void click(String userId, String segment, String action, long time) {
        Window window = window(time);
        window.users.add(userId);
        window.usersBySegment.computeIfAbsent(segment, s -> new HashSet<>()).add(userId);
        int stage = STAGES.indexOf(action);
        if (stage >= 0) {
            window.stageUsers.get(stage).add(userId);
        }
    }

    synchronized void outside(Outside what, boolean order) {
        outside.computeIfAbsent(what, w -> new long[2])[order ? 0 : 1]++;
    }

    private long count(Outside what, boolean order) {
        return outside.getOrDefault(what, new long[2])[order ? 0 : 1];
    }

    /** Windows ending at or before this time will close: later traffic passes their end plus grace everywhere. */
    synchronized void closesWindowsEndingBy(long time) {
        closedBefore = time;
    }

    synchronized long invalidCount() {
        return count(Outside.INVALID, true) + count(Outside.INVALID, false);
    }

    synchronized long lateCount() {
        return count(Outside.LATE, true) + count(Outside.LATE, false);
    }

    synchronized long closedWindows() {
        return windows.keySet().stream().filter(start -> start + windowMs <= closedBefore).count();
    }

    synchronized ObjectNode toJson(long seed) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("seed", seed).put("window_ms", windowMs).put("grace_ms", graceMs);
        ObjectNode events = root.putObject("events");
        for (Outside what : Outside.values()) {
            String name = what.name().toLowerCase(java.util.Locale.ROOT);
            events.put(name + "_orders", count(what, true)).put(name + "_clicks", count(what, false));
        }
        ArrayNode list = root.putArray("windows");
        windows.forEach((start, w) -> {
            ObjectNode node = list.addObject().put("window_start", start).put("window_end", start + windowMs)
                    .put("closed", start + windowMs <= closedBefore);
            ArrayNode sales = node.putArray("sales");
            w.orders.forEach((currency, count) -> {
                BigDecimal total = w.amounts.get(currency);
                sales.addObject().put("currency", currency).put("order_count", count[0])
                        .put("total_amount", total.doubleValue()).put("total_amount_exact", total.toPlainString());
            });
            if (!w.users.isEmpty()) {
                ObjectNode users = node.putObject("active_users").put("all", w.users.size());
                w.usersBySegment.forEach((segment, ids) -> users.put(segment, ids.size()));
                ObjectNode funnel = node.putObject("funnel");
                for (int i = 0; i < STAGES.size(); i++) {
                    funnel.put(STAGES.get(i), w.stageUsers.get(i).size());
                }
            }
        });
        return root;
    }

    void write(Path file, long seed) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), toJson(seed));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
