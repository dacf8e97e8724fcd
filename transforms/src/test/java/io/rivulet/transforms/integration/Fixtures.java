package io.rivulet.transforms.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.embedded.RedisServer;
import io.rivulet.embedded.WorkDirs;
import redis.clients.jedis.Jedis;

/** Input files for the fixture source, and the ground truth the tests compare against. */
final class Fixtures {
    static final long START_MS = 1_764_240_000_000L;
    static final List<String> ACTIONS = List.of("page_view", "add_to_cart", "checkout", "purchase", "click");
    static final Set<String> CURRENCIES = Set.of("USD", "EUR", "GBP");
    /** Users u-0 .. u-4 have a profile; u-5 has none. */
    static final Map<String, String> SEGMENTS = Map.of("u-0", "vip", "u-1", "new", "u-2", "returning",
            "u-3", "vip", "u-4", "new");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static List<Map<String, Object>> orders(int count) {
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("order_id", i % 7 == 3 ? " " : "o-" + i);
            order.put("customer_id", "c-" + (i % 4));
            order.put("total_amount", i % 5 == 4 ? -1.0 * i : 10.0 + i);
            order.put("currency", i % 11 == 6 ? "JPY" : "EUR");
            order.put("order_ts", START_MS + i * 1000L);
            orders.add(order);
        }
        return orders;
    }

    /** The first of the order rules an order breaks, or null: computed here, not by the transform. */
    static String brokenOrderRule(Map<String, Object> order) {
        if (order.get("order_id").toString().isBlank()) {
            return "order_id not_blank";
        }
        if ((Double) order.get("total_amount") <= 0) {
            return "total_amount > 0";
        }
        if (!CURRENCIES.contains(order.get("currency"))) {
            return "currency in (USD, EUR, GBP)";
        }
        return null;
    }

    static final String ORDER_RULES = "order_id not_blank; total_amount > 0; currency in (USD, EUR, GBP)";
    static final String CLICK_RULES = "user_id not_blank; action in (page_view, add_to_cart, checkout, purchase, "
            + "click, search)";

    static List<Map<String, Object>> clicks(int count) {
        List<Map<String, Object>> clicks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> click = new LinkedHashMap<>();
            click.put("event_id", "e-" + i);
            click.put("user_id", "u-" + (i % 6));
            click.put("page", "/p/" + i);
            click.put("action", i % 10 == 9 ? "hover" : ACTIONS.get(i % ACTIONS.size()));
            click.put("timestamp", START_MS + i * 100L);
            clicks.add(click);
        }
        return clicks;
    }

    static boolean clickIsValid(Map<String, Object> click) {
        return !"hover".equals(click.get("action"));
    }

    static String expectedSegment(Object userId) {
        return SEGMENTS.getOrDefault(userId.toString(), "unknown");
    }

    static void seedProfiles(RedisServer redis) {
        try (Jedis jedis = redis.client()) {
            SEGMENTS.forEach((user, segment) -> jedis.hset("user:" + user, Map.of("segment", segment,
                    "country", "DE")));
        }
    }

    static Path write(String name, List<Map<String, Object>> values) {
        Path file = WorkDirs.fresh("fixture").resolve(name + ".jsonl");
        List<String> lines = new ArrayList<>();
        try {
            for (Map<String, Object> value : values) {
                lines.add(JSON.writeValueAsString(value));
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
