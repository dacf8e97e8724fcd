package io.rivulet.local.integration;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.embedded.DruidCluster;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PostgresDatabase;

/**
 * The simulator's ground truth and what the pipeline wrote, in one form to compare: one entry per row of a closed
 * window, {@code "sales <window_start> <currency>" -> "<order_count> <total_amount>"},
 * {@code "users <window_start> <segment>" -> "<active_users>"} and
 * {@code "funnel <window_start>" -> "<page_view> <add_to_cart> <checkout> <purchase>"}.
 */
final class GroundTruth {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GroundTruth() {
    }

    /** The rows the ground truth expects, of its closed windows. */
    static Map<String, String> expectedRows(JsonNode truth) {
        Map<String, String> rows = new TreeMap<>();
        for (JsonNode window : truth.path("windows")) {
            if (!window.path("closed").asBoolean()) {
                continue;
            }
            long start = window.path("window_start").asLong();
            for (JsonNode sale : window.path("sales")) {
                rows.put("sales " + start + " " + sale.path("currency").asText(), sale.path("order_count").asLong()
                        + " " + sale.path("total_amount").asDouble());
            }
            window.path("active_users").fields().forEachRemaining(e -> rows.put("users " + start + " " + e.getKey(),
                    e.getValue().asText()));
            JsonNode funnel = window.path("funnel");
            if (!funnel.isMissingNode()) {
                rows.put("funnel " + start, funnel.path("page_view").asLong() + " " + funnel.path("add_to_cart")
                        .asLong() + " " + funnel.path("checkout").asLong() + " " + funnel.path("purchase").asLong());
            }
        }
        return rows;
    }

    static Set<Long> closedWindows(JsonNode truth) {
        Set<Long> closed = new HashSet<>();
        truth.path("windows").forEach(w -> {
            if (w.path("closed").asBoolean()) {
                closed.add(w.path("window_start").asLong());
            }
        });
        return closed;
    }

    /** PostgreSQL's rows of the windows the ground truth marks closed. */
    static Map<String, String> postgresRows(PostgresDatabase db, JsonNode truth) {
        Set<Long> closed = closedWindows(truth);
        Map<String, String> rows = new TreeMap<>();
        query(db, "SELECT (extract(epoch from window_start) * 1000)::bigint, currency, order_count, total_amount "
                + "FROM sales_per_minute", r -> {
                    if (closed.contains(r.getLong(1))) {
                        rows.put("sales " + r.getLong(1) + " " + r.getString(2), r.getLong(3) + " " + r.getDouble(4));
                    }
                });
        query(db, "SELECT (extract(epoch from window_start) * 1000)::bigint, segment, active_users "
                + "FROM active_users_per_minute", r -> {
                    if (closed.contains(r.getLong(1))) {
                        rows.put("users " + r.getLong(1) + " " + r.getString(2), Long.toString(r.getLong(3)));
                    }
                });
        query(db, "SELECT (extract(epoch from window_start) * 1000)::bigint, page_view, add_to_cart, checkout, "
                + "purchase FROM funnel_per_minute", r -> {
                    if (closed.contains(r.getLong(1))) {
                        rows.put("funnel " + r.getLong(1), r.getLong(2) + " " + r.getLong(3) + " " + r.getLong(4)
                                + " " + r.getLong(5));
                    }
                });
        return rows;
    }

    /** Druid SQL's rows of the windows the ground truth marks closed; empty while a datasource is not queryable. */
    static Map<String, String> druidRows(DruidCluster druid, JsonNode truth) {
        Set<Long> closed = closedWindows(truth);
        Map<String, String> rows = new TreeMap<>();
        try {
            for (Map<String, Object> r : druid.sql("SELECT TIMESTAMP_TO_MILLIS(__time) AS t, currency, order_count, "
                    + "total_amount FROM sales_per_minute")) {
                long t = ((Number) r.get("t")).longValue();
                if (closed.contains(t)) {
                    rows.put("sales " + t + " " + r.get("currency"), ((Number) r.get("order_count")).longValue()
                            + " " + ((Number) r.get("total_amount")).doubleValue());
                }
            }
            for (Map<String, Object> r : druid.sql("SELECT TIMESTAMP_TO_MILLIS(__time) AS t, segment, active_users "
                    + "FROM active_users_per_minute")) {
                long t = ((Number) r.get("t")).longValue();
                if (closed.contains(t)) {
                    rows.put("users " + t + " " + r.get("segment"), Long.toString(((Number) r.get("active_users"))
                            .longValue()));
                }
            }
            for (Map<String, Object> r : druid.sql("SELECT TIMESTAMP_TO_MILLIS(__time) AS t, page_view, "
                    + "add_to_cart, checkout, purchase FROM funnel_per_minute")) {
                long t = ((Number) r.get("t")).longValue();
                if (closed.contains(t)) {
                    rows.put("funnel " + t, List.of("page_view", "add_to_cart", "checkout", "purchase").stream()
                            .map(c -> Long.toString(((Number) r.get(c)).longValue()))
                            .collect(Collectors.joining(" ")));
                }
            }
        } catch (RuntimeException e) {
            return Map.of(); // a datasource not there yet
        }
        return rows;
    }

    /** The event ids of a topic's click records. */
    static Set<String> eventIds(KafkaBroker kafka, String topic, RecordValues values) {
        return kafka.readToEnd(topic).stream().map(values::eventId).collect(Collectors.toSet());
    }

    interface RowHandler {
        void accept(ResultSet row) throws SQLException;
    }

    /** Runs the query; a table not created yet reads as empty. */
    static void query(PostgresDatabase db, String sql, RowHandler handler) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                handler.accept(r);
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw new IllegalStateException(sql, e);
            }
        }
    }
}
