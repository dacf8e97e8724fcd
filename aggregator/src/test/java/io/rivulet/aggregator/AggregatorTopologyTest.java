package io.rivulet.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rivulet.schemas.ConnectSchemas;
import io.rivulet.schemas.Topics;

/** Each output of the topology, driven record by record with event times chosen to hit every window rule. */
class AggregatorTopologyTest {
    private static final long MINUTE = 60_000;
    /** Window starts used below: a whole number of minutes, as real clocks give. */
    private static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % MINUTE;
    static final Schema CLICK_WITH_SEGMENT = withSegment(ConnectSchemas.CLICK);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private JsonConverter json;
    private TestInputTopic<byte[], byte[]> orders;
    private TestInputTopic<byte[], byte[]> clicks;

    @BeforeEach
    void start() {
        driver = driver(true);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private TopologyTestDriver driver(boolean schemas) {
        return driver(schemas, Map.of());
    }

    private TopologyTestDriver driver(boolean schemas, Map<String, String> settings) {
        Map<String, Object> props = new HashMap<>(settings);
        props.put("bootstrap.servers", "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put("converter.schemas.enable", Boolean.toString(schemas));
        AggregatorConfig config = new AggregatorConfig(props);
        TopologyTestDriver testDriver = new TopologyTestDriver(AggregatorTopology.build(config, 1, 1),
                config.streamsProperties());
        json = new JsonConverter();
        json.configure(Map.of("schemas.enable", Boolean.toString(schemas)), false);
        orders = testDriver.createInputTopic(Topics.ORDERS_CREATED, new ByteArraySerializer(),
                new ByteArraySerializer());
        clicks = testDriver.createInputTopic(Topics.CLICKSTREAM_EVENTS, new ByteArraySerializer(),
                new ByteArraySerializer());
        return testDriver;
    }

    /**
     * Lateness is decided by the input partition's own stream time: the task that gates an input partition reads
     * nothing else. A task whose sub-topology also read a repartition topic would take its stream time from events
     * of other partitions (processed by other instances, at their pace) and call this partition's on-time events
     * late. PipelineChaosIT lost half a window's orders that way, with two instances going at different speeds.
     */
    @Test
    void eachInputIsGatedInATaskThatReadsOnlyThatInput() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "unused:9092");
        TopologyDescription description = AggregatorTopology.build(new AggregatorConfig(props), 3, 3).describe();
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            List<String> sourceTopics = subtopology.nodes().stream()
                    .filter(node -> node instanceof TopologyDescription.Source)
                    .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream()).sorted().toList();
            if (sourceTopics.contains(Topics.ORDERS_CREATED) || sourceTopics.contains(Topics.CLICKSTREAM_EVENTS)) {
                assertEquals(1, sourceTopics.size(), "sub-topology " + subtopology.id() + " reads " + sourceTopics);
            }
        }
    }

    /**
     * Inputs keyed by what must meet in one partition (users, orders) are aggregated where they are: the only
     * repartition topics carry partials (a few records per window and partition), never raw events, unless an input
     * is declared keyed otherwise.
     */
    @Test
    void noRawEventIsRepartitionedUnlessAnInputIsDeclaredKeyedOtherwise() {
        assertEquals(List.of("clicks-partials-repartition", "sales-partials-repartition"), repartitionTopics(Map.of()));
        assertEquals(List.of("clicks-by-key-repartition", "clicks-partials-repartition",
                "sales-by-key-repartition", "sales-partials-repartition"), repartitionTopics(Map.of(
                AggregatorConfig.CLICKS_REPARTITION_CONFIG, "true",
                AggregatorConfig.ORDERS_REPARTITION_CONFIG, "true")));
    }

    private static List<String> repartitionTopics(Map<String, String> settings) {
        Map<String, Object> props = new HashMap<>(settings);
        props.put("bootstrap.servers", "unused:9092");
        TopologyDescription description = AggregatorTopology.build(new AggregatorConfig(props), 6, 6).describe();
        return description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(node -> node instanceof TopologyDescription.Source)
                .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
                .filter(topic -> topic.endsWith("-repartition")).sorted().toList();
    }

    /** With clicks repartitioned by user first (an input keyed otherwise), the counts are the same. */
    @Test
    void repartitionedClicksGiveTheSameCounts() {
        driver.close();
        driver = driver(true, Map.of(AggregatorConfig.CLICKS_REPARTITION_CONFIG, "true"));
        activeUsersAreExactDistinctUsersInAllAndPerSegment();
    }

    /** With orders repartitioned by order id first, a redelivered order still counts once. */
    @Test
    void repartitionedOrdersGiveTheSameSales() {
        driver.close();
        driver = driver(true, Map.of(AggregatorConfig.ORDERS_REPARTITION_CONFIG, "true"));
        aRedeliveredOrderCountsOnce();
    }

    /**
     * A partition that receives nothing for partition.idle.timeout.ms lets its time follow the wall clock: its open
     * windows are written without waiting for more events, and an event that then comes for such a window is late.
     */
    @Test
    void anIdlePartitionLetsItsWindowsCloseByTheWallClockAndLaterEventsThereAreLate() {
        driver.close();
        driver = driver(true, Map.of(AggregatorConfig.PARTITION_IDLE_TIMEOUT_CONFIG, "10000"));
        order("o-1", "EUR", 10, T0 + 1_000, null);
        click("e1", "u1", "page_view", T0 + 2_000, "vip");
        driver.advanceWallClockTime(Duration.ofSeconds(9));
        assertTrue(sales().isEmpty(), "not idle for long enough yet");
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertEquals(10.0, sales().get(0).getFloat64("total_amount"), "written once the partition was idle");
        assertEquals(1L, byKey(output(Topics.ACTIVE_USERS_PER_MINUTE), "segment").get("all").get("active_users"));

        order("o-2", "EUR", 99, T0 + 3_000, null);
        assertTrue(sales().isEmpty(), "a window closed by the wall clock is not written again");
        assertEquals("o-2", output(Topics.LATE_EVENTS).get(0).get("event_id"));
    }

    // ---- sales ----

    @Test
    void salesPerCurrencyAreWrittenOnceWhenTheWindowCloses() {
        order("o-1", "EUR", 10.10, T0 + 1_000, null);
        order("o-2", "EUR", 20.20, T0 + 30_000, "WELCOME10"); // Order v2
        order("o-3", "USD", 5.00, T0 + 59_999, null);
        order("o-4", "EUR", 1.00, T0 + 62_000, null); // next window: stream time 62 s, window 0 still open
        order("o-5", "EUR", 0.70, T0 + 45_000, null); // out of order, within grace: counted
        assertTrue(sales().isEmpty(), "no result before the window closes");

        order("o-6", "EUR", 3.00, T0 + MINUTE + 10_000, null); // stream time = end + grace: window 0 closes
        Map<String, Struct> closed = byKey(sales(), "currency");
        assertEquals(2, closed.size());
        Struct eur = closed.get("EUR");
        assertEquals(new Date(T0), eur.get("window_start"));
        assertEquals(new Date(T0 + MINUTE), eur.get("window_end"));
        assertEquals(3L, eur.get("order_count"));
        assertEquals(31.00, eur.getFloat64("total_amount"), 0.0); // 10.10 + 20.20 + 0.70, exact in decimal
        assertEquals(31.00 / 3, eur.getFloat64("avg_order_value"), 1e-12);
        assertEquals(1L, closed.get("USD").get("order_count"));
        assertTrue(sales().isEmpty(), "written once");
    }

    /**
     * Each result row records how long after its window's close (end plus grace, on the wall clock: the driver's,
     * which stands at its creation time here) it was written.
     */
    @Test
    void eachResultRowRecordsItsLatencyAfterTheWindowsClose() {
        driver.close();
        long before = System.currentTimeMillis();
        driver = driver(true);
        long after = System.currentTimeMillis();
        order("o-1", "EUR", 10, T0 + 1_000, null);
        order("o-2", "USD", 5, T0 + 2_000, null);
        order("o-3", "EUR", 1, T0 + MINUTE + 10_000, null); // closes window 0: two rows
        assertEquals(2, sales().size());
        long close = T0 + MINUTE + 10_000;
        assertEquals(2.0, salesMetric("window-results-total"));
        double max = salesMetric("window-result-latency-ms-max");
        assertTrue(max >= before - close && max <= after - close, max + " not in [" + (before - close) + ", "
                + (after - close) + "]");
        assertEquals(2 * max, salesMetric("window-result-latency-ms-total"), 0.0, "both rows at one wall time");
    }

    private double salesMetric(String name) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name)
                        && e.getKey().tags().getOrDefault("rivulet-aggregator-id", "").startsWith("results-" + SalesProcessor.NAME))
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Test
    void windowBoundariesFollowStartInclusiveEndExclusiveAndCloseAtEndPlusGrace() {
        order("a", "EUR", 1, T0 + 59_999, null); // last millisecond of window 0
        order("b", "EUR", 2, T0 + MINUTE, null); // first millisecond of window 1
        order("c", "EUR", 4, T0 + MINUTE + 9_999, null); // stream time 1 ms before window 0 closes
        assertTrue(sales().isEmpty());
        order("d", "EUR", 8, T0 + MINUTE + 10_000, null); // closes window 0
        List<Struct> first = sales();
        assertEquals(1, first.size());
        assertEquals(1L, first.get(0).get("order_count"));
        assertEquals(1.0, first.get(0).getFloat64("total_amount"));

        order("e", "EUR", 16, T0 + 2 * MINUTE + 10_000, null); // closes window 1: b, c, d
        List<Struct> second = sales();
        assertEquals(1, second.size());
        assertEquals(new Date(T0 + MINUTE), second.get(0).get("window_start"));
        assertEquals(14.0, second.get(0).getFloat64("total_amount"));
    }

    @Test
    void aRedeliveredOrderCountsOnce() {
        order("o-1", "EUR", 10, T0 + 1_000, null);
        order("o-1", "EUR", 10, T0 + 1_000, null);
        order("o-2", "EUR", 5, T0 + 2_000, null);
        order("o-2", "EUR", 5, T0 + 2_000, null);
        order("close", "EUR", 1, T0 + MINUTE + 10_000, null);
        Struct eur = sales().get(0);
        assertEquals(2L, eur.get("order_count"));
        assertEquals(15.0, eur.getFloat64("total_amount"));
    }

    @Test
    void anOrderLaterThanGraceGoesToTheLateTopicNotIntoTheClosedWindow() {
        order("o-1", "EUR", 10, T0 + 1_000, null);
        order("close", "EUR", 1, T0 + MINUTE + 10_000, null);
        assertEquals(10.0, sales().get(0).getFloat64("total_amount"));

        order("o-late", "EUR", 99, T0 + 5_000, null);
        assertTrue(sales().isEmpty(), "a closed window is not written again");
        List<Struct> late = output(Topics.LATE_EVENTS);
        assertEquals(1, late.size());
        Struct event = late.get(0);
        assertEquals(Topics.ORDERS_CREATED, event.get("source_topic"));
        assertEquals("o-late", event.get("event_id"));
        assertEquals(new Date(T0), event.get("window_start"));
        assertEquals(new Date(T0 + MINUTE + 10_000), event.get("stream_time"));
        assertTrue(event.getString("event").contains("\"total_amount\":99"), event.getString("event"));
    }

    @Test
    void anOrderWithoutCurrencyGoesToTheDeadLetterTopicAndIsNotCounted() {
        Struct broken = new Struct(ConnectSchemas.ORDER_V1).put("order_id", "o-x").put("customer_id", "c-1")
                .put("total_amount", 5.0).put("currency", "EUR").put("order_ts", new Date(T0 + 1_000));
        Schema noCurrency = SchemaBuilder.struct().name("com.ecommerce.Order")
                .field("order_id", Schema.STRING_SCHEMA).field("total_amount", Schema.FLOAT64_SCHEMA)
                .field("order_ts", org.apache.kafka.connect.data.Timestamp.SCHEMA).build();
        Struct missing = new Struct(noCurrency).put("order_id", "o-bad").put("total_amount", 5.0)
                .put("order_ts", new Date(T0 + 2_000));
        orders.pipeInput("c-1".getBytes(StandardCharsets.UTF_8),
                json.fromConnectData(Topics.ORDERS_CREATED, noCurrency, missing), T0);
        orders.pipeInput("c-1".getBytes(StandardCharsets.UTF_8),
                json.fromConnectData(Topics.ORDERS_CREATED, ConnectSchemas.ORDER_V1, broken), T0);
        order("close", "USD", 1, T0 + MINUTE + 10_000, null);

        List<TestRecord<byte[], byte[]>> dead = driver.createOutputTopic(Topics.AGGREGATOR_ERRORS,
                new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
        assertEquals(1, dead.size());
        String headers = headers(dead.get(0));
        assertTrue(headers.contains("__streams.errors.message=Record in " + Topics.ORDERS_CREATED
                + ": field 'currency' missing"), headers);
        assertTrue(headers.contains("__streams.errors.topic=" + Topics.ORDERS_CREATED), headers);
        Map<String, Struct> closed = byKey(sales(), "currency");
        assertEquals(1L, closed.get("EUR").get("order_count"), "only the valid order");
    }

    // ---- active users ----

    @Test
    void activeUsersAreExactDistinctUsersInAllAndPerSegment() {
        click("e1", "u1", "page_view", T0 + 1_000, "vip");
        click("e2", "u1", "click", T0 + 2_000, "vip");
        click("e2", "u1", "click", T0 + 2_000, "vip"); // redelivered
        click("e3", "u2", "page_view", T0 + 3_000, "new");
        click("e4", "u3", "search", T0 + 4_000, "new");
        click("e5", "u4", "page_view", T0 + 5_000, null); // not enriched: counts in "all" only
        click("e6", "u5", "page_view", T0 + MINUTE + 1_000, "vip"); // next window
        click("close", "u9", "click", T0 + MINUTE + 10_000, null);

        Map<String, Struct> users = byKey(output(Topics.ACTIVE_USERS_PER_MINUTE), "segment");
        assertEquals(3, users.size());
        assertEquals(4L, users.get("all").get("active_users"));
        assertEquals(1L, users.get("vip").get("active_users"));
        assertEquals(2L, users.get("new").get("active_users"));
        assertEquals(new Date(T0), users.get("all").get("window_start"));
    }

    // ---- funnel ----

    @Test
    void funnelCountsDistinctUsersPerStageAndConversion() {
        for (String action : List.of("page_view", "add_to_cart", "checkout", "purchase")) {
            click(null, "u1", action, T0 + 1_000, "vip");
        }
        click(null, "u1", "page_view", T0 + 1_500, "vip"); // again: still one user
        click(null, "u2", "page_view", T0 + 2_000, "new");
        click(null, "u2", "add_to_cart", T0 + 3_000, "new");
        click(null, "u3", "page_view", T0 + 4_000, "new");
        click(null, "u4", "search", T0 + 5_000, "new"); // activity, no stage
        click(null, "u9", "click", T0 + MINUTE + 10_000, null);

        List<Struct> funnel = output(Topics.FUNNEL_PER_MINUTE);
        assertEquals(1, funnel.size());
        Struct row = funnel.get(0);
        assertEquals(3L, row.get("page_view"));
        assertEquals(2L, row.get("add_to_cart"));
        assertEquals(1L, row.get("checkout"));
        assertEquals(1L, row.get("purchase"));
        assertEquals(2.0 / 3, row.getFloat64("view_to_cart"), 1e-12);
        assertEquals(0.5, row.getFloat64("cart_to_checkout"), 1e-12);
        assertEquals(1.0, row.getFloat64("checkout_to_purchase"), 1e-12);
        assertEquals(1.0 / 3, row.getFloat64("overall_conversion"), 1e-12);
    }

    @Test
    void conversionIsNullWhenNobodyReachedTheStageBefore() {
        click(null, "u1", "add_to_cart", T0 + 1_000, null);
        click(null, "u9", "click", T0 + MINUTE + 10_000, null);
        Struct row = output(Topics.FUNNEL_PER_MINUTE).get(0);
        assertEquals(0L, row.get("page_view"));
        assertNull(row.get("view_to_cart"));
        assertNull(row.get("overall_conversion"));
        assertEquals(0.0, row.getFloat64("cart_to_checkout"));
    }

    @Test
    void aLateClickIsReportedOnceAndChangesNoResult() {
        click("e1", "u1", "page_view", T0 + 1_000, "vip");
        click("e2", "u2", "page_view", T0 + MINUTE + 10_000, "vip");
        assertEquals(2, output(Topics.ACTIVE_USERS_PER_MINUTE).size()); // all + vip
        output(Topics.FUNNEL_PER_MINUTE);

        click("late", "u3", "purchase", T0 + 59_000, "vip");
        List<Struct> late = output(Topics.LATE_EVENTS);
        assertEquals(1, late.size());
        assertEquals("late", late.get(0).get("event_id"));
        assertEquals(Topics.CLICKSTREAM_EVENTS, late.get(0).get("source_topic"));
        assertTrue(output(Topics.ACTIVE_USERS_PER_MINUTE).isEmpty());
        assertTrue(output(Topics.FUNNEL_PER_MINUTE).isEmpty());
    }

    @Test
    void schemalessJsonInputsWorkToo() {
        driver.close();
        driver = driver(false);
        Map<String, Object> order = new HashMap<>(Map.of("order_id", "o-1", "customer_id", "c-1",
                "total_amount", 12.5, "currency", "EUR", "order_ts", T0 + 1_000));
        orders.pipeInput("c-1".getBytes(StandardCharsets.UTF_8), json.fromConnectData(Topics.ORDERS_CREATED, null,
                order), T0);
        order.put("order_id", "o-2");
        order.put("order_ts", java.time.Instant.ofEpochMilli(T0 + MINUTE + 10_000).toString()); // ISO-8601
        orders.pipeInput("c-1".getBytes(StandardCharsets.UTF_8), json.fromConnectData(Topics.ORDERS_CREATED, null,
                order), T0);
        List<TestRecord<byte[], byte[]>> rows = outputTopic(Topics.SALES_PER_MINUTE).readRecordsToList();
        assertEquals(1, rows.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) json.toConnectData(Topics.SALES_PER_MINUTE,
                rows.get(0).value()).value();
        assertEquals(12.5, ((Number) row.get("total_amount")).doubleValue());
        assertEquals(T0, ((Number) row.get("window_start")).longValue());
    }

    // ---- helpers ----

    private void order(String id, String currency, double amount, long time, String promo) {
        Schema schema = promo == null && id.hashCode() % 2 == 0 ? ConnectSchemas.ORDER_V1 : ConnectSchemas.ORDER_V2;
        Struct order = new Struct(schema).put("order_id", id).put("customer_id", "c-" + id)
                .put("total_amount", amount).put("currency", currency).put("order_ts", new Date(time));
        if (schema == ConnectSchemas.ORDER_V2) {
            order.put("promo_code", promo);
        }
        // The Kafka timestamp differs from order_ts on purpose: event time comes from the field.
        orders.pipeInput(("c-" + id).getBytes(StandardCharsets.UTF_8),
                json.fromConnectData(Topics.ORDERS_CREATED, schema, order), time + 3_600_000);
    }

    private void click(String eventId, String user, String action, long time, String segment) {
        Schema schema = segment == null ? ConnectSchemas.CLICK : CLICK_WITH_SEGMENT;
        Struct click = new Struct(schema).put("event_id", eventId == null ? user + "-" + action + "-" + time
                : eventId).put("user_id", user).put("page", "/p").put("action", action)
                .put("timestamp", new Date(time));
        if (segment != null) {
            click.put("segment", segment);
        }
        clicks.pipeInput(user.getBytes(StandardCharsets.UTF_8),
                json.fromConnectData(Topics.CLICKSTREAM_EVENTS, schema, click), time);
    }

    private List<Struct> sales() {
        return output(Topics.SALES_PER_MINUTE);
    }

    private TestOutputTopic<byte[], byte[]> outputTopic(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<Struct> output(String topic) {
        List<Struct> values = new ArrayList<>();
        for (TestRecord<byte[], byte[]> record : outputTopic(topic).readRecordsToList()) {
            values.add((Struct) json.toConnectData(topic, record.value()).value());
        }
        return values;
    }

    private static Map<String, Struct> byKey(List<Struct> rows, String field) {
        return rows.stream().collect(Collectors.toMap(row -> row.getString(field), row -> row));
    }

    private static String headers(TestRecord<byte[], byte[]> record) {
        StringBuilder text = new StringBuilder();
        for (Header header : record.headers()) {
            text.append(header.key()).append('=')
                    .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8))
                    .append('\n');
        }
        return text.toString();
    }

    static Schema withSegment(Schema click) {
        SchemaBuilder builder = SchemaBuilder.struct().name(click.name());
        for (Field field : click.fields()) {
            builder.field(field.name(), field.schema());
        }
        return builder.field("segment", Schema.OPTIONAL_STRING_SCHEMA).build();
    }
}
