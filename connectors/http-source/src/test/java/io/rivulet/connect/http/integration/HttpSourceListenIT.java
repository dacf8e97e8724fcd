package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.rivulet.connect.http.TestKeystore;
import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectorOffsets;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.Ports;
import io.rivulet.embedded.RedisServer;
import io.rivulet.embedded.RestCallException;
import io.rivulet.embedded.Waits;
import io.rivulet.schemas.AvroSchemas;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.TestServers;
import redis.clients.jedis.Jedis;

/** Browsers POSTing clicks to the connector's listener in a real worker, through Validate -> RedisEnrich. */
@Tag("integration")
class HttpSourceListenIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static KafkaBroker kafka;
    private static RedisServer redis;

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
        redis = TestServers.redis();
        redis.restart();
        try (Jedis jedis = redis.client()) {
            for (int u = 0; u < 10; u++) {
                jedis.hset("user:u-" + u, Map.of("segment", u % 2 == 0 ? "vip" : "new"));
            }
        }
    }

    static Map<String, String> listener(String topic, int port) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.rivulet.connect.http.HttpListenerSourceConnector");
        config.put("tasks.max", "1");
        config.put("topic", topic);
        config.put("listener.bind", "127.0.0.1");
        config.put("listener.port", Integer.toString(port));
        config.put("record.schema.inline", AvroSchemas.CLICK.json());
        config.put("record.key.pointer", "/user_id");
        config.put("record.timestamp.pointer", "/timestamp");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("transforms", "validate,enrich");
        config.put("transforms.validate.type", "io.rivulet.transforms.Validate$Value");
        config.put("transforms.validate.rules", "action in (page_view, add_to_cart, checkout, purchase, click)");
        config.put("transforms.enrich.type", "io.rivulet.transforms.RedisEnrich");
        config.put("transforms.enrich.redis.uri", TestServers.redis().uri());
        config.put("transforms.enrich.key.template", "user:{user_id}");
        config.put("transforms.enrich.fields", "segment");
        return config;
    }

    static HttpResponse<String> post(int port, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String click(String id, int user, String action) {
        return "{\"event_id\":\"" + id + "\",\"user_id\":\"u-" + user + "\",\"page\":\"/p\",\"action\":\"" + action
                + "\",\"timestamp\":" + System.currentTimeMillis() + "}";
    }

    static Set<String> eventIds(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> HttpSourcePullIT.payload(r)).map(p -> p.get("event_id").asText())
                .collect(Collectors.toSet());
    }

    @Test
    void concurrentClientsEveryAcknowledgedEventIsInTheTopic() throws Exception {
        int port = Ports.free();
        String topic = "listen.clicks";
        CONNECT.rest().putConnectorConfig("listener", listener(topic, port));
        CONNECT.rest().awaitRunning("listener", 1, TIMEOUT);

        // An acknowledged event is readable at once: 202 comes after the write.
        HttpResponse<String> first = post(port, click("first", 1, "page_view"), Map.of());
        assertEquals(202, first.statusCode(), first.body());
        assertTrue(eventIds(kafka.readToEnd(topic)).contains("first"));

        Set<String> acked = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                for (int r = 0; r < 40; r++) {
                    List<String> ids = new ArrayList<>();
                    StringBuilder body = new StringBuilder("[");
                    for (int e = 0; e < (r % 2 == 0 ? 1 : 5); e++) {
                        String id = "c" + client + "-r" + r + "-e" + e;
                        ids.add(id);
                        body.append(e == 0 ? "" : ",").append(click(id, (client + e) % 10, "click"));
                    }
                    HttpResponse<String> response = post(port, body.append("]").toString(), Map.of());
                    if (response.statusCode() == 202) {
                        acked.addAll(ids);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        clients.shutdown();
        assertEquals(16 * 20 * 1 + 16 * 20 * 5, acked.size(), "no request refused at this load");

        List<ConsumerRecord<byte[], byte[]>> records = kafka.awaitRecords(topic, acked.size() + 1, TIMEOUT);
        Set<String> inTopic = eventIds(records);
        assertTrue(inTopic.containsAll(acked), "every acknowledged event is in the topic");
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode click = HttpSourcePullIT.payload(record);
            int user = Integer.parseInt(click.get("user_id").asText().substring(2));
            assertEquals(user % 2 == 0 ? "vip" : "new", click.get("segment").asText(), "enriched by RedisEnrich");
        }
        CONNECT.rest().deleteConnector("listener");
    }

    /** The listener keeps no offsets: a reset has nothing to do, and offsets PATCHed in are refused with the reason. */
    @Test
    void offsetsCannotBeSetOnAListener() {
        String name = "no-offsets";
        CONNECT.rest().putConnectorConfig(name, listener("listen.no-offsets", Ports.free()));
        CONNECT.rest().awaitRunning(name, 1, TIMEOUT);
        CONNECT.rest().stop(name);
        CONNECT.rest().awaitStopped(name, TIMEOUT);
        assertEquals(List.of(), CONNECT.rest().offsets(name).offsets());
        CONNECT.rest().resetOffsets(name);
        RestCallException refused = assertThrows(RestCallException.class, () -> CONNECT.rest().alterOffsets(name,
                ConnectorOffsets.of(Map.of("endpoint", "default"), Map.of("cursor", "c1"))));
        // A connector's refusal reaches the client as Connect answers any ConnectException from alterOffsets: 500.
        assertTrue(refused.body().contains("keeps no source offsets"), refused.getMessage());
        assertEquals(List.of(), CONNECT.rest().offsets(name).offsets(), "nothing was stored");
        CONNECT.rest().deleteConnector(name);
    }

    /**
     * A browser's retry can put the same event twice in one batch; under exactly-once both are acknowledged, with
     * dedup by event id (the retry waits for the first write) and without it (equal records become one).
     */
    @Test
    void anExactDuplicateInOneRequestIsAcknowledgedUnderExactlyOnce() throws Exception {
        try (ConnectCluster eos = ConnectCluster.builder(kafka).pluginPath(PluginInstaller.install(
                PluginInstaller.builtZips())).exactlyOnceSourceSupport(true).start()) {
            for (String window : List.of("300000", "0")) {
                int port = Ports.free();
                String topic = "listen.duplicates." + window;
                Map<String, String> config = listener(topic, port);
                config.put("listener.dedup.window.ms", window);
                eos.rest().putConnectorConfig("duplicates", config);
                eos.rest().awaitRunning("duplicates", 1, TIMEOUT);
                String twice = click("dup-1", 1, "click");
                // Without the fix the request waits out listener.ack.timeout.ms and gets a 503.
                HttpResponse<String> response = post(port, "[" + twice + "," + click("single-1", 2, "click") + ","
                        + twice + "]", Map.of());
                assertEquals(202, response.statusCode(), response.body());
                assertTrue(response.body().contains("\"accepted\":3"), response.body());
                assertEquals(Set.of("dup-1", "single-1"), eventIds(kafka.awaitRecords(topic, 2, TIMEOUT)));
                Thread.sleep(500);
                assertEquals(2, kafka.readToEnd(topic).size(), "written once (dedup window " + window + ")");
                eos.rest().deleteConnector("duplicates");
                Waits.until("the listener's port is free", TIMEOUT, () -> {
                    try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                        return false;
                    } catch (java.io.IOException e) {
                        return true;
                    }
                });
            }
        }
    }

    /**
     * Event times the broker would refuse (an hour ahead, negative, beyond epoch milliseconds) used to fail the task
     * and close its port; now they go to the invalid topic stamped with the receive time, and the task serves on.
     */
    @Test
    void unusableEventTimesAreRoutedAndTheTaskServesOn() throws Exception {
        int port = Ports.free();
        String topic = "listen.times";
        CONNECT.rest().putConnectorConfig("times", listener(topic, port));
        CONNECT.rest().awaitRunning("times", 1, TIMEOUT);
        long now = System.currentTimeMillis();
        List<String> times = List.of(Long.toString(now + 2 * 3_600_000L), "-5", "99999999999999999999",
                "\"+1000000000-01-01T00:00:00Z\"");
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < times.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"event_id\":\"bad-").append(i).append("\",\"user_id\":\"u-1\","
                    + "\"page\":\"/\",\"action\":\"click\",\"timestamp\":").append(times.get(i)).append("}");
        }
        HttpResponse<String> routed = post(port, body.append("]").toString(), Map.of());
        assertEquals(202, routed.statusCode(), routed.body());
        assertTrue(routed.body().contains("\"invalid\":4"), routed.body());
        assertEquals(202, post(port, click("good-1", 1, "click"), Map.of()).statusCode(), "still serving");
        assertEquals("RUNNING", CONNECT.rest().status("times").tasks().get(0).state());

        List<ConsumerRecord<byte[], byte[]>> invalid = kafka.awaitRecords(topic + ".invalid", 4, TIMEOUT);
        Set<String> values = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : invalid) {
            assertEquals("timestamp", HttpSourcePullIT.header(record, "rivulet.error.rule"));
            assertTrue(Math.abs(record.timestamp() - now) < 60_000, "stamped with the receive time: "
                    + record.timestamp());
            values.add(HttpSourcePullIT.header(record, "rivulet.error.value"));
        }
        assertEquals(Set.of(times.get(0), "-5", "99999999999999999999", "+1000000000-01-01T00:00:00Z"), values);
        assertEquals(Set.of("good-1"), eventIds(kafka.awaitRecords(topic, 1, TIMEOUT)));
        CONNECT.rest().deleteConnector("times");
    }

    /** TLS with HTTP/2 by ALPN inside a worker: Jetty finds its ALPN provider through the plugin's class loader. */
    @Test
    void httpsAndHttp2FromThePluginArchive() throws Exception {
        TestKeystore keystore = TestKeystore.create(io.rivulet.embedded.WorkDirs.fresh("listener-tls")
                .resolve("listener.p12"));
        javax.net.ssl.SSLContext tls = keystore.trustingClient();

        int port = Ports.free();
        String topic = "listen.tls";
        Map<String, String> config = listener(topic, port);
        config.put("listener.ssl.keystore.location", keystore.file().toString());
        config.put("listener.ssl.keystore.password", TestKeystore.PASSWORD);
        CONNECT.rest().putConnectorConfig("tls", config);
        CONNECT.rest().awaitRunning("tls", 1, TIMEOUT);
        HttpClient h2 = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> answer = h2.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                + "/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(click("tls-1", 1, "click"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals(HttpClient.Version.HTTP_2, answer.version());
        assertEquals(Set.of("tls-1"), eventIds(kafka.awaitRecords(topic, 1, TIMEOUT)));
        CONNECT.rest().deleteConnector("tls");
    }

    @Test
    void refusalsAndFillIns() throws Exception {
        int port = Ports.free();
        String topic = "listen.cases";
        Map<String, String> config = listener(topic, port);
        config.put("listener.token", "t0ken");
        config.put("listener.max.body.bytes", "2048");
        config.put("listener.queue.size", "5");
        CONNECT.rest().putConnectorConfig("cases", config);
        CONNECT.rest().awaitRunning("cases", 1, TIMEOUT);
        Map<String, String> auth = Map.of("Authorization", "Bearer t0ken");

        assertEquals(401, post(port, click("a", 1, "click"), Map.of()).statusCode());
        assertEquals(401, post(port, click("a", 1, "click"), Map.of("Authorization", "Bearer nope")).statusCode());
        HttpResponse<String> malformed = post(port, "{\"user_id\": ", auth);
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("malformed JSON"), malformed.body());
        assertEquals(413, post(port, "[" + "{\"pad\":\"" + "x".repeat(3000) + "\"}]", auth).statusCode());
        HttpResponse<String> tooMany = post(port, "[" + String.join(",", java.util.Collections.nCopies(6,
                click("b", 1, "click"))) + "]", auth);
        assertEquals(413, tooMany.statusCode(), "more events than the queue can ever hold: retrying cannot help");
        assertTrue(tooMany.body().contains("at most 5"), tooMany.body());

        // No event_id or timestamp: the listener fills them in; tracing headers are carried.
        HttpResponse<String> filled = post(port, "{\"user_id\":\"u-2\",\"page\":\"/cart\",\"action\":\"add_to_cart\"}",
                Map.of("Authorization", "Bearer t0ken", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-"
                        + "00f067aa0ba902b7-01", "X-Request-Id", "req-42"));
        assertEquals(202, filled.statusCode(), filled.body());
        // One that does not fit the schema (user_id is a number) lands in the invalid topic, also acknowledged.
        HttpResponse<String> misfit = post(port, "{\"user_id\":7,\"page\":\"/\",\"action\":\"click\"}", auth);
        assertEquals(202, misfit.statusCode());
        assertTrue(misfit.body().contains("\"invalid\":1"), misfit.body());

        ConsumerRecord<byte[], byte[]> record = kafka.awaitRecords(topic, 1, TIMEOUT).get(0);
        JsonNode click = HttpSourcePullIT.payload(record);
        assertTrue(click.get("event_id").asText().matches("[0-9a-f-]{36}"), click.toString());
        assertTrue(click.get("timestamp").asLong() > System.currentTimeMillis() - 60_000);
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                HttpSourcePullIT.header(record, "traceparent"));
        assertEquals("req-42", HttpSourcePullIT.header(record, "rivulet.request.id"));
        ConsumerRecord<byte[], byte[]> invalid = kafka.awaitRecords(topic + ".invalid", 1, TIMEOUT).get(0);
        assertEquals("user_id", HttpSourcePullIT.header(invalid, "rivulet.error.field"));
        assertTrue(new String(invalid.value(), StandardCharsets.UTF_8).contains("\\\"user_id\\\":7"));
        CONNECT.rest().deleteConnector("cases");
    }
}
