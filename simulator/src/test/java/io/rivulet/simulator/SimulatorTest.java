package io.rivulet.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.rivulet.embedded.RedisServer;

/**
 * The simulator against a real Redis, with this test reading its orders API page by page and taking its click
 * POSTs: the ground truth it writes equals the truth recounted here from what was received, a seed gives the same
 * events again, and profiles are in Redis.
 */
class SimulatorTest {
    private static RedisServer redisServer;

    @BeforeAll
    static void startRedis() {
        redisServer = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redisServer.close();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void groundTruthEqualsWhatWasSentAndTheSeedRepeatsTheEvents() throws Exception {
        Run first = run(7, "first");
        Run second = run(7, "second");
        // Times and how far a run gets follow the wall clock; what each event is follows the seed alone.
        Map<String, String> a = first.contentById();
        Map<String, String> b = second.contentById();
        Set<String> common = new HashSet<>(a.keySet());
        common.retainAll(b.keySet());
        assertTrue(common.size() > 0.9 * Math.max(a.size(), b.size()), common.size() + " of " + a.size() + "/"
                + b.size() + " events in both runs");
        for (String id : common) {
            assertEquals(a.get(id), b.get(id), "event " + id + " in both runs");
        }
        assertTrue(first.orders.size() > 100 && first.clicks.size() > 1000, first.orders.size() + " orders, "
                + first.clicks.size() + " clicks");

        JsonNode truth = JSON.readTree(dir.resolve("first.json").toFile());
        Recount recount = new Recount(truth.path("window_ms").asLong(), truth.path("grace_ms").asLong());
        first.orders.forEach(recount::order);
        first.clicks.forEach(recount::click);
        assertEquals(recount.invalidOrders, truth.path("events").path("invalid_orders").asLong());
        assertEquals(recount.invalidClicks, truth.path("events").path("invalid_clicks").asLong());
        assertTrue(recount.invalidOrders + recount.invalidClicks > 0, "some invalid events");
        assertTrue(truth.path("events").path("late_orders").asLong() + truth.path("events").path("late_clicks")
                .asLong() > 0, "some late events");
        assertTrue(truth.path("events").path("duplicate_clicks").asLong() > 0, "some duplicates");
        assertTrue(first.orders.stream().anyMatch(o -> o.has("promo_code")), "Order v2 records");
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        for (JsonNode window : truth.path("windows")) {
            long start = window.path("window_start").asLong();
            for (JsonNode sale : window.path("sales")) {
                expected.put(start + "/sales/" + sale.path("currency").asText(), sale.path("order_count").asLong()
                        + "/" + sale.path("total_amount_exact").asText());
            }
            window.path("active_users").fields().forEachRemaining(e -> expected.put(start + "/users/" + e.getKey(),
                    e.getValue().asText()));
            window.path("funnel").fields().forEachRemaining(e -> expected.put(start + "/funnel/" + e.getKey(),
                    e.getValue().asText()));
        }
        recount.into(actual);
        assertEquals(expected, actual);
        assertTrue(truth.path("windows").size() >= 3 && truth.path("windows").get(0).path("closed").asBoolean(),
                truth.path("windows").toString().substring(0, 200));

        try (redis.clients.jedis.JedisPooled redis = new redis.clients.jedis.JedisPooled(
                URI.create(redisServer.uri()))) {
            long withProfile = 0;
            for (int i = 0; i < 50; i++) {
                String segment = redis.hget("user:u-" + i, "segment");
                if (segment != null) {
                    assertTrue(Users.SEGMENTS.contains(segment), segment);
                    withProfile++;
                }
            }
            assertTrue(withProfile > 30 && withProfile < 50, withProfile + " of 50 users have a profile");
        }
    }

    @Test
    void optionsAreCheckedByName() {
        assertEquals("--rate must be positive, not 0", assertThrows(IllegalArgumentException.class,
                () -> SimulatorOptions.parse("--rate", "0")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse("--speed", "3"))
                .getMessage().contains("--speed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse("--duration", "soon"))
                .getMessage().contains("90s"));
        assertEquals(Duration.ofMinutes(5), SimulatorOptions.parse("--duration=5m").duration());
        assertTrue(SimulatorOptions.help().contains("--truth-file"));
    }

    @Test
    void theListenerTokenComesFromAFileWhenOneIsGiven(@TempDir Path dir) throws IOException {
        Path token = Files.writeString(dir.resolve("listener.token"), "s3cret-token\n");
        assertEquals("s3cret-token", SimulatorOptions.parse("--listener-token-file", token.toString())
                .listenerToken());
        assertEquals("--listener-token and --listener-token-file: give one of them", assertThrows(
                IllegalArgumentException.class, () -> SimulatorOptions.parse("--listener-token", "a",
                        "--listener-token-file", token.toString())).getMessage());
        SimulatorOptions missing = SimulatorOptions.parse("--listener-token-file", dir.resolve("none").toString());
        assertTrue(assertThrows(IllegalArgumentException.class, missing::listenerToken).getMessage()
                .startsWith("Cannot read --listener-token-file " + dir.resolve("none")));
    }

    /** What the shop sent during one short run. */
    private static final class Run {
        final List<JsonNode> orders = new ArrayList<>();
        final List<JsonNode> clicks = new CopyOnWriteArrayList<>();

        /** Each event (but the closing sweep's) by id, without its time; an invalid order without id by position. */
        Map<String, String> contentById() {
            Map<String, String> content = new HashMap<>();
            for (int i = 0; i < orders.size(); i++) {
                JsonNode order = orders.get(i);
                String id = order.path("order_id").asText("no-id-" + order.path("customer_id").asText());
                content.put(id, order.path("customer_id").asText() + "/" + order.path("total_amount").asText()
                        + "/" + order.path("currency").asText() + "/" + order.path("promo_code").asText());
            }
            for (JsonNode click : clicks) {
                content.put(click.path("event_id").asText(), click.path("user_id").asText() + "/"
                        + click.path("action").asText() + "/" + click.path("page").asText());
            }
            content.keySet().removeIf(id -> id.contains("-end-") || id.startsWith("no-id-"));
            return content;
        }
    }

    private Run run(long seed, String name) throws Exception {
        Run run = new Run();
        HttpServer listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        listener.createContext("/events", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JSON.readTree(in).forEach(run.clicks::add);
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        listener.start();
        Map<String, String> options = new HashMap<>();
        options.put("seed", Long.toString(seed));
        options.put("rate", "1500");
        options.put("duration", "4s");
        options.put("window", "2s");
        options.put("grace", "2s");
        options.put("users", "200");
        options.put("late-every", "100");
        options.put("invalid-every", "50");
        options.put("duplicate-every", "50");
        options.put("orders-port", "0");
        options.put("orders-token", "secret");
        options.put("redis-uri", redisServer.uri());
        options.put("listener-url", "http://127.0.0.1:" + listener.getAddress().getPort() + "/events");
        options.put("truth-file", dir.resolve(name + ".json").toString());
        HttpClient http = HttpClient.newHttpClient();
        try (Simulator simulator = Simulator.start(SimulatorOptions.of(options))) {
            String cursor = "c0";
            while (true) {
                boolean generated = simulator.awaitGenerated(Duration.ZERO);
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + simulator.ordersPort() + "/orders?limit=100&cursor=" + cursor))
                        .header("Authorization", "Bearer secret").build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode(), page.body());
                JsonNode body = JSON.readTree(page.body());
                body.path("data").path("orders").forEach(run.orders::add);
                String next = body.path("next_cursor").asText();
                if (next.equals(cursor) && generated) {
                    break; // every order was placed before this page was asked for
                }
                cursor = next;
            }
            assertTrue(simulator.awaitDelivered(Duration.ofSeconds(30)), simulator.stats().toString());
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + simulator.ordersPort() + "/orders")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        } finally {
            listener.stop(0);
        }
        return run;
    }

    /** The definitions again, written independently of GroundTruth, applied to what was received. */
    private static final class Recount {
        final long windowMs;
        final long lateByAtLeast;
        long invalidOrders;
        long invalidClicks;
        final Map<String, Set<String>> sets = new TreeMap<>();
        final Map<String, java.math.BigDecimal> amounts = new TreeMap<>();
        final Map<Boolean, Long> newest = new HashMap<>();
        final Map<String, String> segments = new HashMap<>();

        Recount(long windowMs, long graceMs) {
            this.windowMs = windowMs;
            this.lateByAtLeast = windowMs + graceMs;
        }

        private long start(long time) {
            return time - Math.floorMod(time, windowMs);
        }

        /** Sent late on purpose: far behind what came before it in the same stream. */
        private boolean late(boolean order, long time) {
            long before = newest.merge(order, time, Math::max);
            return time < before - lateByAtLeast;
        }

        void order(JsonNode order) {
            if (!order.hasNonNull("order_id") || order.path("total_amount").asDouble() <= 0) {
                invalidOrders++;
                return;
            }
            long time = order.path("order_ts").asLong();
            if (late(true, time)) {
                return;
            }
            String key = start(time) + "/sales/" + order.path("currency").asText();
            if (sets.computeIfAbsent(key, k -> new HashSet<>()).add(order.path("order_id").asText())) {
                amounts.merge(key, new java.math.BigDecimal(order.path("total_amount").asText()),
                        java.math.BigDecimal::add);
            }
        }

        void click(JsonNode click) {
            String action = click.path("action").asText();
            if (!click.hasNonNull("user_id") || action.equals("hover")) {
                invalidClicks++;
                return;
            }
            long time = click.path("timestamp").asLong();
            if (late(false, time)) {
                return;
            }
            String user = click.path("user_id").asText();
            long start = start(time);
            sets.computeIfAbsent(start + "/users/all", k -> new HashSet<>()).add(user);
            sets.computeIfAbsent(start + "/users/" + segmentOf(user), k -> new HashSet<>()).add(user);
            for (String stage : GroundTruth.STAGES) {
                sets.computeIfAbsent(start + "/funnel/" + stage, k -> new HashSet<>());
            }
            if (GroundTruth.STAGES.contains(action)) {
                sets.get(start + "/funnel/" + action).add(user);
            }
        }

        /** As RedisEnrich finds it. */
        private String segmentOf(String user) {
            return segments.computeIfAbsent(user, u -> {
                try (redis.clients.jedis.JedisPooled redis = new redis.clients.jedis.JedisPooled(
                        URI.create(redisServer.uri()))) {
                    String segment = redis.hget("user:" + u, "segment");
                    return segment == null ? Users.NO_PROFILE_SEGMENT : segment;
                }
            });
        }

        void into(Map<String, String> out) {
            sets.forEach((key, members) -> out.put(key, key.contains("/sales/")
                    ? members.size() + "/" + amounts.get(key).toPlainString() : Integer.toString(members.size())));
        }
    }
}
