package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.embedded.ConfigValidation;
import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectRestClient;
import io.rivulet.embedded.ConnectorOffsets;
import io.rivulet.embedded.ConnectorStatus;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.Waits;
import io.rivulet.schemas.AvroSchemas;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.ShopApiStub;
import io.rivulet.testkit.TestServers;

/** The connector pulling the shop API stub in a real worker, with the plugins installed from their archives. */
@Tag("integration")
class HttpSourcePullIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaBroker kafka;

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
    }

    static Map<String, String> ordersConnector(String url, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.rivulet.connect.http.HttpPullSourceConnector");
        config.put("tasks.max", "1");
        config.put("http.url", url);
        config.put("topic", topic);
        config.put("http.pagination", "cursor");
        config.put("http.cursor.pointer", "/next_cursor");
        config.put("http.limit.param", "limit");
        config.put("http.limit", "10");
        config.put("http.records.pointer", "/data/orders");
        config.put("record.schema.inline", AvroSchemas.ORDER_V2.json());
        config.put("record.key.pointer", "/customer_id");
        config.put("record.timestamp.pointer", "/order_ts");
        config.put("poll.interval.ms", "300");
        config.put("poll.interval.max.ms", "1000");
        config.put("http.retry.backoff.ms", "50");
        config.put("http.retry.backoff.max.ms", "500");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        return config;
    }

    static JsonNode payload(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value()).get("payload");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> orderIds(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> payload(r).get("order_id").asText()).collect(Collectors.toList());
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void twoShopsOnTwoTasksEveryOrderOnceInOrderAndBadOnesRoutedWithReasons() {
        try (ShopApiStub eu = ShopApiStub.start("eu-"); ShopApiStub us = ShopApiStub.start("us-")) {
            eu.addOrders(95);
            us.addOrders(60);
            eu.addOrder(JSON.createObjectNode().put("order_id", "eu-bad").put("total_amount", 5)); // no schema fit
            us.addOrder(JSON.createObjectNode().put("order_id", "us-free").put("customer_id", "c-1")
                    .put("total_amount", 0.0).put("currency", "EUR").put("order_ts", 1_764_240_000_000L));
            String topic = "pull.orders";
            kafka.createTopic(topic, 3);
            Map<String, String> config = ordersConnector("http://127.0.0.1:{endpoint}/orders", topic);
            config.put("endpoints", eu.url().getPort() + "," + us.url().getPort());
            config.put("tasks.max", "2");
            config.put("transforms", "validate");
            config.put("transforms.validate.type", "io.rivulet.transforms.Validate$Value");
            config.put("transforms.validate.rules", "order_id not_blank; total_amount > 0");
            CONNECT.rest().putConnectorConfig("two-shops", config);
            CONNECT.rest().awaitRunning("two-shops", 2, TIMEOUT);

            List<ConsumerRecord<byte[], byte[]>> valid = kafka.awaitRecords(topic, 155, TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> invalid = kafka.awaitRecords(topic + ".invalid", 2, TIMEOUT);
            List<String> ids = orderIds(valid);
            assertEquals(155, ids.size());
            assertEquals(155, new HashSet<>(ids).size(), "no order twice");
            Set<String> expected = new HashSet<>();
            eu.orders().subList(0, 95).forEach(o -> expected.add(o.get("order_id").asText()));
            us.orders().subList(0, 60).forEach(o -> expected.add(o.get("order_id").asText()));
            assertEquals(expected, new HashSet<>(ids));
            // Within a Kafka partition, each shop's orders keep their order.
            for (int partition = 0; partition < 3; partition++) {
                for (String shop : List.of("eu-", "us-")) {
                    int p = partition;
                    List<Integer> numbers = valid.stream().filter(r -> r.partition() == p)
                            .map(r -> payload(r).get("order_id").asText()).filter(id -> id.startsWith(shop))
                            .map(id -> Integer.parseInt(id.substring(3))).collect(Collectors.toList());
                    List<Integer> sorted = new ArrayList<>(numbers);
                    sorted.sort(null);
                    assertEquals(sorted, numbers, shop + " in partition " + partition);
                }
            }
            Map<String, String> rules = invalid.stream().collect(Collectors.toMap(
                    r -> header(r, "rivulet.error.rule"), r -> header(r, "rivulet.error.field")));
            assertEquals(Map.of("schema", "customer_id", "total_amount > 0", "total_amount"), rules);
            ConnectorOffsets offsets = CONNECT.rest().offsets("two-shops");
            assertEquals(2, offsets.offsets().size());
            CONNECT.rest().deleteConnector("two-shops");
        }
    }

    @Test
    void restartingTheWorkerMidRunResumesWithoutDuplicatesOrGaps() {
        try (ShopApiStub shop = ShopApiStub.start();
             ConnectCluster cluster = ConnectCluster.builder(kafka).pluginPath(CONNECT.pluginPath()).start()) {
            shop.addOrders(400);
            String topic = "pull.restart";
            Map<String, String> config = ordersConnector(shop.url() + "/orders", topic);
            config.put("http.rate.limit.rps", "20");
            cluster.rest().putConnectorConfig("restart", config);
            cluster.rest().awaitRunning("restart", 1, TIMEOUT);
            kafka.awaitRecords(topic, 80, TIMEOUT);

            cluster.stopWorker(0);
            int atStop = kafka.readToEnd(topic).size();
            assertTrue(atStop < 400, "stopped mid-run at " + atStop);
            ConnectRestClient again = new ConnectRestClient(cluster.addWorker().url());
            again.awaitRunning("restart", 1, TIMEOUT);

            List<String> ids = orderIds(kafka.awaitRecords(topic, 400, TIMEOUT));
            assertEquals(shop.orders().stream().map(o -> o.get("order_id").asText()).collect(Collectors.toList()), ids,
                    "all 400 in order, none twice");
        }
    }

    @Test
    void exactlyOnceHoldsWhenTheWorkerIsKilledMidRun() {
        try (ShopApiStub shop = ShopApiStub.start();
             ConnectCluster cluster = ConnectCluster.builder(kafka).pluginPath(CONNECT.pluginPath()).forkedWorkers(true)
                     .exactlyOnceSourceSupport(true)
                     .workerProperty("scheduled.rebalance.max.delay.ms", "3000")
                     .workerProperty("session.timeout.ms", "6000")
                     .workerProperty("heartbeat.interval.ms", "2000")
                     .start()) {
            shop.addOrders(600);
            String topic = "pull.killed";
            Map<String, String> config = ordersConnector(shop.url() + "/orders", topic);
            config.put("http.rate.limit.rps", "15");
            config.put("exactly.once.support", "required");
            cluster.rest().putConnectorConfig("killed", config);
            cluster.rest().awaitRunning("killed", 1, TIMEOUT);
            kafka.awaitRecords(topic, 100, TIMEOUT);

            cluster.killWorker(0); // SIGKILL: no task stop, no commit, an open transaction left behind
            int atKill = kafka.readToEnd(topic).size();
            assertTrue(atKill < 600, "killed mid-run at " + atKill);
            ConnectRestClient again = new ConnectRestClient(cluster.addWorker().url());
            again.awaitRunning("killed", 1, TIMEOUT);

            List<String> ids = orderIds(kafka.awaitRecords(topic, 600, TIMEOUT));
            assertEquals(shop.orders().stream().map(o -> o.get("order_id").asText()).collect(Collectors.toList()), ids,
                    "all 600 committed records in order, none twice, none missing");
        }
    }

    @Test
    void replayThroughTheOffsetsApi() {
        try (ShopApiStub shop = ShopApiStub.start()) {
            shop.addOrders(60);
            String topic = "pull.replay";
            CONNECT.rest().putConnectorConfig("replay", ordersConnector(shop.url() + "/orders", topic));
            CONNECT.rest().awaitRunning("replay", 1, TIMEOUT);
            kafka.awaitRecords(topic, 60, TIMEOUT);
            Waits.until("the offset at the end", TIMEOUT, () -> CONNECT.rest().offsets("replay"),
                    o -> o.offsets().size() == 1 && "c60".equals(o.offsets().get(0).offset().get("cursor")));

            CONNECT.rest().stop("replay");
            CONNECT.rest().awaitStopped("replay", TIMEOUT);
            CONNECT.rest().resetOffsets("replay");
            CONNECT.rest().resume("replay");
            CONNECT.rest().awaitRunning("replay", 1, TIMEOUT);
            List<String> twice = orderIds(kafka.awaitRecords(topic, 120, TIMEOUT));
            assertEquals(twice.subList(0, 60), twice.subList(60, 120), "everything again, in order");

            Waits.until("the offset at the end again", TIMEOUT, () -> CONNECT.rest().offsets("replay"),
                    o -> o.offsets().size() == 1 && "c60".equals(o.offsets().get(0).offset().get("cursor")));
            CONNECT.rest().stop("replay");
            CONNECT.rest().awaitStopped("replay", TIMEOUT);
            CONNECT.rest().alterOffsets("replay", ConnectorOffsets.of(Map.of("endpoint", "default"),
                    Map.of("cursor", "c50", "skip", 5)));
            CONNECT.rest().resume("replay");
            CONNECT.rest().awaitRunning("replay", 1, TIMEOUT);
            List<String> all = orderIds(kafka.awaitRecords(topic, 125, TIMEOUT));
            assertEquals(List.of("o-56", "o-57", "o-58", "o-59", "o-60"), all.subList(120, 125));

            CONNECT.rest().stop("replay");
            CONNECT.rest().awaitStopped("replay", TIMEOUT);
            String refused = org.junit.jupiter.api.Assertions.assertThrows(io.rivulet.embedded.RestCallException.class,
                    () -> CONNECT.rest().alterOffsets("replay", ConnectorOffsets.of(Map.of("endpoint", "elsewhere"),
                            Map.of("cursor", "c1")))).body();
            assertTrue(refused.contains("elsewhere"), refused);
            CONNECT.rest().deleteConnector("replay");
        }
    }

    @Test
    void transientFaultsAreRetriedAndAnUnauthorizedAnswerFailsTheTaskClearly() {
        try (ShopApiStub shop = ShopApiStub.start()) {
            shop.addOrders(50);
            shop.retryAfterSeconds(1);
            shop.slowMs(2000);
            shop.failNext(ShopApiStub.Fault.SERVER_ERROR, ShopApiStub.Fault.TOO_MANY_REQUESTS,
                    ShopApiStub.Fault.SLOW, ShopApiStub.Fault.MALFORMED_JSON, ShopApiStub.Fault.TRUNCATED_JSON);
            String topic = "pull.faults";
            Map<String, String> config = ordersConnector(shop.url() + "/orders", topic);
            config.put("http.timeout.ms", "1000");
            CONNECT.rest().putConnectorConfig("faults", config);
            CONNECT.rest().awaitRunning("faults", 1, TIMEOUT);
            List<String> ids = orderIds(kafka.awaitRecords(topic, 50, TIMEOUT));
            assertEquals(shop.orders().stream().map(o -> o.get("order_id").asText()).collect(Collectors.toList()), ids);
            assertTrue(shop.requests().size() >= 5 + 6, "retried: " + shop.requests());

            shop.requireBearerToken("right-token");
            shop.addOrders(1);
            ConnectorStatus failed = CONNECT.rest().awaitTaskFailed("faults", TIMEOUT);
            String trace = failed.tasks().get(0).trace();
            assertTrue(trace.contains("answered 401"), trace);
            assertTrue(trace.contains(shop.url() + "/orders?cursor=c50"), trace);
            assertTrue(trace.contains("missing or wrong bearer token"), trace);

            Map<String, String> withToken = new HashMap<>(config);
            withToken.put("http.auth.type", "bearer");
            withToken.put("http.auth.token", "right-token");
            CONNECT.rest().putConnectorConfig("faults", withToken);
            CONNECT.rest().restartTask("faults", 0);
            CONNECT.rest().awaitRunning("faults", 1, TIMEOUT);
            assertEquals("o-51", orderIds(kafka.awaitRecords(topic, 51, TIMEOUT)).get(50));
            CONNECT.rest().deleteConnector("faults");
        }
    }

    /**
     * A task in a retry backoff stops when its connector is stopped (as replay.sh does) or deleted: the shop gets no
     * request once Connect says the connector is STOPPED or gone.
     */
    @Test
    void aStoppedOrDeletedConnectorSendsNoMoreRequestsEvenMidRetry() throws InterruptedException {
        try (ShopApiStub shop = ShopApiStub.start()) {
            shop.addOrders(5);
            Map<String, String> config = ordersConnector(shop.url() + "/orders", "pull.stopping");
            config.put("http.retry.max", "1000");
            config.put("http.retry.backoff.ms", "4000");
            config.put("http.retry.backoff.max.ms", "4000");
            for (String action : List.of("stop", "delete")) {
                shop.failNext(java.util.Collections.nCopies(1000, ShopApiStub.Fault.SERVER_ERROR)
                        .toArray(ShopApiStub.Fault[]::new));
                CONNECT.rest().putConnectorConfig("stopping", config);
                if (action.equals("delete")) {
                    CONNECT.rest().resume("stopping");
                }
                int before = shop.requests().size();
                Waits.until("a retry of the failing request", TIMEOUT, () -> shop.requests().size() >= before + 2);
                long stopping = System.nanoTime();
                if (action.equals("stop")) {
                    CONNECT.rest().stop("stopping");
                    CONNECT.rest().awaitStopped("stopping", TIMEOUT);
                } else {
                    CONNECT.rest().deleteConnector("stopping");
                    Waits.until("the connector gone", TIMEOUT, () -> !CONNECT.rest().connectors()
                            .contains("stopping"));
                }
                long stoppedMs = (System.nanoTime() - stopping) / 1_000_000;
                Thread.sleep(1_000); // the task's stop is asynchronous to the REST answer
                int atStop = shop.requests().size();
                Thread.sleep(10_000); // two and a half backoffs
                assertEquals(atStop, shop.requests().size(), action + ": requests after the connector stopped ("
                        + stoppedMs + " ms to stop): " + shop.requests().subList(atStop, shop.requests().size()));
            }
        }
    }

    /**
     * An API that answers a full page with the cursor it was asked for would have the task read that page forever:
     * the task fails naming the request and the cursor, nothing of that page is written, and once the API behaves a
     * restart reads on with every order once.
     */
    @Test
    void aLyingCursorFailsTheTaskWithoutWritingAnything() {
        try (ShopApiStub shop = ShopApiStub.start()) {
            shop.addOrders(20);
            String topic = "pull.lying";
            CONNECT.rest().putConnectorConfig("lying", ordersConnector(shop.url() + "/orders", topic));
            kafka.awaitRecords(topic, 20, TIMEOUT);
            shop.failNext(ShopApiStub.Fault.CURSOR_SAME);
            shop.addOrders(10);
            String trace = CONNECT.rest().awaitTaskFailed("lying", TIMEOUT).tasks().get(0).trace();
            assertTrue(trace.contains("gave the next cursor 'c20', the current one, after a full page")
                    && trace.contains("/orders?cursor=c20") && trace.contains("http.cursor.on.repeat"), trace);
            assertEquals(20, kafka.readToEnd(topic).size(), "nothing of the repeating page written");

            CONNECT.rest().restartTask("lying", 0);
            List<String> ids = orderIds(kafka.awaitRecords(topic, 30, TIMEOUT));
            assertEquals(shop.orders().stream().map(o -> o.get("order_id").asText()).collect(Collectors.toList()),
                    ids);
            CONNECT.rest().deleteConnector("lying");
        }
    }

    @Test
    void validationReportsEachProblemOnItsField() {
        Map<String, String> config = ordersConnector("ftp://shop/{endpoint}", "orders");
        config.put("name", "invalid");
        config.put("http.records.pointer", "data/orders");
        config.put("record.schema.file", "/does/not/exist.avsc");
        ConfigValidation singleKey = CONNECT.rest().validate("HttpPullSourceConnector", config);
        assertEquals(List.of("http.records.pointer"), new ArrayList<>(singleKey.errors().keySet()),
                singleKey.errors().toString());

        config.put("http.records.pointer", "/data/orders");
        config.put("http.auth.type", "bearer");
        ConfigValidation cross = CONNECT.rest().validate("HttpPullSourceConnector", config);
        Map<String, List<String>> errors = cross.errors();
        assertTrue(errors.get("http.url").stream().anyMatch(e -> e.contains("'endpoints' is empty")), errors.toString());
        assertTrue(errors.containsKey("http.auth.token"), errors.toString());
        assertTrue(errors.containsKey("record.schema.inline"), errors.toString());
    }

    /** Typos a user made in the README's workflow, accepted silently before: now each is an error on its key. */
    @Test
    void typosAreErrorsWithTheKeyMeant() {
        Map<String, String> config = ordersConnector("http://shop/orders", "orders");
        config.put("name", "typos");
        config.put("http.paginaton", "page");
        config.put("pagination.typee", "page");
        config.put("transforms", "v");
        config.put("transforms.v.type", "org.apache.kafka.connect.transforms.InsertField$Value");
        config.put("transforms.v.static.field", "shop");
        config.put("producer.override.linger.ms", "5");
        config.put("topic.creation.default.partitions", "3");
        Map<String, List<String>> errors = CONNECT.rest().validate("HttpPullSourceConnector", config).errors();
        assertEquals(Set.of("http.paginaton", "pagination.typee"), errors.keySet(), errors.toString());
        assertTrue(errors.get("http.paginaton").get(0).endsWith("did you mean 'http.pagination'?"),
                errors.toString());
        assertTrue(errors.get("pagination.typee").get(0).endsWith("did you mean 'http.pagination'?"),
                errors.toString());
        String refused = assertThrows(io.rivulet.embedded.RestCallException.class,
                () -> CONNECT.rest().putConnectorConfig("typos", config)).getMessage();
        assertTrue(refused.contains("http.paginaton"), refused);
    }

    /**
     * The token reaches the task only through the worker's file config provider: the REST API shows the reference,
     * the worker log never the token. A reference the worker cannot resolve, and a URL with credentials in it, are
     * refused by validate naming the key, without echoing the password.
     */
    @Test
    void secretsOnlyThroughConfigProviders() throws IOException {
        String secret = "tok-" + java.util.UUID.randomUUID();
        java.nio.file.Path secrets = java.nio.file.Files.createTempFile("shop", ".properties");
        java.nio.file.Files.writeString(secrets, "token=" + secret + "\n");
        try (ShopApiStub shop = ShopApiStub.start()) {
            shop.requireBearerToken(secret);
            shop.addOrders(5);
            String topic = "pull.secrets";
            Map<String, String> config = ordersConnector(shop.url() + "/orders", topic);
            config.put("http.auth.type", "bearer");
            String reference = "${file:" + secrets + ":token}";
            config.put("http.auth.token", reference);
            CONNECT.rest().putConnectorConfig("secrets", config);
            assertEquals(5, kafka.awaitRecords(topic, 5, TIMEOUT).size(), "the token was resolved and accepted");
            assertEquals(reference, CONNECT.rest().connectorConfig("secrets").get("http.auth.token"));
            String log = java.nio.file.Files.readString(io.rivulet.embedded.WorkDirs.root().resolve("servers.log"));
            assertTrue(log.contains("http.auth.token = [hidden]"), "the worker's config dump is in this log");
            assertTrue(!log.contains(secret), "the token is in the worker log");
            CONNECT.rest().deleteConnector("secrets");

            config.put("name", "unresolved");
            config.put("http.auth.token", "${file:" + secrets + ":tokn}");
            Map<String, List<String>> errors = CONNECT.rest().validate("HttpPullSourceConnector", config).errors();
            assertTrue(errors.get("http.auth.token").stream().anyMatch(e -> e.contains("did not resolve")
                    && e.contains("no key 'tokn'")), errors.toString());

            config.put("http.auth.token", reference);
            config.put("http.url", "http://shop:pw-" + secret + "@" + shop.url().getAuthority() + "/orders");
            errors = CONNECT.rest().validate("HttpPullSourceConnector", config).errors();
            assertTrue(errors.get("http.url").stream().anyMatch(e -> e.contains("http.auth.user")),
                    errors.toString());
            assertTrue(!errors.toString().contains("pw-" + secret), errors.toString());
        } finally {
            java.nio.file.Files.deleteIfExists(secrets);
        }
    }
}
