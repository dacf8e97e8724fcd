package io.rivulet.connect.jdbc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.ConnectorStatus;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PostgresDatabase;
import io.rivulet.embedded.PostgresServer;
import io.rivulet.embedded.RestCallException;
import io.rivulet.embedded.Waits;
import io.rivulet.schemas.ConnectSchemas;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.TestServers;

/** The JDBC sink in a real worker, writing into a real PostgreSQL. */
@Tag("integration")
class JdbcSinkIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private final AnalyticsRecords records = new AnalyticsRecords();

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
        postgres = TestServers.postgres();
    }

    static Map<String, String> sink(PostgresDatabase db, String topics) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.rivulet.connect.jdbc.JdbcSinkConnector");
        config.put("topics", topics);
        config.put("connection.url", db.jdbcUrl());
        config.put("connection.user", db.user());
        config.put("connection.password", db.password());
        config.put("insert.mode", "upsert");
        config.put("primary.key.mode", "record_key");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("flush.interval.ms", "200");
        config.put("retry.backoff.ms", "200");
        config.put("consumer.override.isolation.level", "read_committed");
        return config;
    }

    @Test
    void analyticsTopicsLandAsRowsAndAReplayLeavesThemUnchanged() throws Exception {
        PostgresDatabase db = postgres.createDatabase("jdbc_analytics");
        String prefix = "it-analytics.";
        List<AnalyticsRecords.Keyed> sales = AnalyticsRecords.sales(30, 1);
        records.produce(kafka, prefix + "sales_per_minute", sales);
        records.produce(kafka, prefix + "active_users_per_minute", AnalyticsRecords.activeUsers(30));
        records.produce(kafka, prefix + "funnel_per_minute", AnalyticsRecords.funnel(30));
        // A window's result written again (a replayed aggregator): the row is updated, not doubled.
        List<AnalyticsRecords.Keyed> rewritten = AnalyticsRecords.sales(1, 1);
        records.produce(kafka, prefix + "sales_per_minute", rewritten);

        CONNECT.rest().putConnectorConfig("analytics", sink(db, prefix + "sales_per_minute," + prefix
                + "active_users_per_minute," + prefix + "funnel_per_minute"));
        CONNECT.rest().awaitRunning("analytics", 1, TIMEOUT);
        Waits.until("all rows", TIMEOUT, () -> count(db, "sales_per_minute") + count(db, "active_users_per_minute")
                + count(db, "funnel_per_minute"), n -> n >= 90 + 90 + 30);

        Map<String, List<Object>> salesRows = rows(db, "SELECT window_start, currency, window_end, order_count, "
                + "total_amount, avg_order_value FROM sales_per_minute", 2);
        assertEquals(90, salesRows.size());
        for (AnalyticsRecords.Keyed row : sales) {
            Struct v = row.value();
            List<Object> actual = salesRows.get(((Date) v.get("window_start")).getTime() + "|" + v.get("currency"));
            assertEquals(List.of(((Date) v.get("window_end")).getTime(), v.getInt64("order_count"),
                    v.getFloat64("total_amount"), v.getFloat64("avg_order_value")), actual);
        }
        Map<String, List<Object>> funnelRows = rows(db, "SELECT window_start, page_view, overall_conversion "
                + "FROM funnel_per_minute", 1);
        assertEquals(30, funnelRows.size());
        assertNull(funnelRows.get(Long.toString(AnalyticsRecords.BASE)).get(1), "optional -> NULL");
        assertEquals(List.of("timestamp with time zone", "text", "bigint", "double precision"),
                columnTypes(db, "sales_per_minute", "window_start", "currency", "order_count", "total_amount"));
        assertEquals(List.of("window_start", "currency"), primaryKey(db, "sales_per_minute"));

        // Replay: stop, reset the sink's offsets, resume. A row changed behind the sink's back shows it was
        // written again; all rows stay exactly what the records say, none doubled.
        execute(db, "UPDATE sales_per_minute SET order_count = -1 WHERE currency = 'EUR' AND window_start = "
                + "to_timestamp(" + AnalyticsRecords.BASE / 1000 + ")");
        CONNECT.rest().stop("analytics");
        CONNECT.rest().awaitStopped("analytics", TIMEOUT);
        CONNECT.rest().resetOffsets("analytics");
        CONNECT.rest().resume("analytics");
        Waits.until("the replay to rewrite the changed row", TIMEOUT, () -> rows(db, "SELECT window_start, "
                + "currency, order_count FROM sales_per_minute WHERE order_count < 0", 2).size(), n -> n == 0);
        assertEquals(salesRows, rows(db, "SELECT window_start, currency, window_end, order_count, total_amount, "
                + "avg_order_value FROM sales_per_minute", 2));
        assertEquals(90 + 90 + 30, count(db, "sales_per_minute") + count(db, "active_users_per_minute")
                + count(db, "funnel_per_minute"));
        CONNECT.rest().deleteConnector("analytics");
    }

    /**
     * The aggregator writes in transactions; an attempt that crashed leaves aborted records in the topic. On a worker
     * with Kafka's default consumer settings, the sink deployed as connect-configs/ says never writes them, and a
     * config that does not make read_committed certain is refused naming the key.
     */
    @Test
    void recordsOfAbortedTransactionsNeverReachTheTable() throws Exception {
        PostgresDatabase db = postgres.createDatabase("jdbc_aborted");
        String topic = "it-aborted.sales_per_minute";
        kafka.createTopic(topic, 1);
        List<AnalyticsRecords.Keyed> sales = AnalyticsRecords.sales(3, 1);
        AnalyticsRecords.Keyed k1 = sales.get(0);
        AnalyticsRecords.Keyed aborted1 = sales.get(3);
        AnalyticsRecords.Keyed k2 = sales.get(6);
        try (var producer = kafka.transactionalProducer("it-aborted-aggregator")) {
            records.produceInTransaction(producer, topic, List.of(withCount(k1, 1)), true);
            records.produceInTransaction(producer, topic, List.of(withCount(aborted1, 666), withCount(k1, 666)),
                    false);
            records.produceInTransaction(producer, topic, List.of(withCount(k2, 2)), true);
        }

        Map<String, String> config = ConnectConfigFiles.forConnector("io.rivulet.connect.jdbc.JdbcSinkConnector",
                Map.of("jdbc:postgresql://postgres:5432/analytics", db.jdbcUrl(),
                        "${file:/mnt/rivulet/secrets/postgres.properties:password}", db.password()))
                .get("analytics-jdbc-sink");
        config.put("connection.user", db.user());
        config.put("topics", topic);
        assertEquals("read_committed", config.get("consumer.override.isolation.level"));
        CONNECT.rest().putConnectorConfig("aborted", config);
        CONNECT.rest().awaitRunning("aborted", 1, TIMEOUT);
        String k2Key = ((Date) k2.key().get("window_start")).getTime() + "|EUR";
        Waits.until("the record after the aborted transaction", TIMEOUT, () -> rows(db, "SELECT window_start, "
                + "currency, order_count FROM sales_per_minute", 2), rows -> rows.containsKey(k2Key));
        Map<String, List<Object>> rows = rows(db, "SELECT window_start, currency, order_count FROM "
                + "sales_per_minute", 2);
        assertEquals(Map.of(((Date) k1.key().get("window_start")).getTime() + "|EUR", List.of(1L),
                k2Key, List.of(2L)), rows, "only committed records");
        CONNECT.rest().deleteConnector("aborted");

        // Without the override the sink would read uncommitted data: Connect refuses the config, naming the key.
        config.remove("consumer.override.isolation.level");
        Map<String, List<String>> errors = CONNECT.rest().validate("JdbcSinkConnector", config).errors();
        assertTrue(errors.get("consumer.override.isolation.level").get(0).contains("must be read_committed"),
                errors.toString());
        RestCallException refused = assertThrows(RestCallException.class,
                () -> CONNECT.rest().putConnectorConfig("aborted-uncommitted", config));
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("consumer.override.isolation.level must be read_committed"),
                refused.body());
        config.put("consumer.override.isolation.level", "read_uncommitted");
        assertTrue(CONNECT.rest().validate("JdbcSinkConnector", config).errors()
                .get("consumer.override.isolation.level")
                .get(0).contains("not read_uncommitted"));
    }

    /** A misspelt primary.key.fields entry is reported on its key when the table exists, and refused on PUT. */
    @Test
    void anUnknownPrimaryKeyFieldIsReportedByValidateAgainstTheExistingTable() throws Exception {
        PostgresDatabase db = postgres.createDatabase("jdbc_pk_fields");
        execute(db, "CREATE TABLE sales_per_minute (window_start timestamptz NOT NULL, currency text NOT NULL, "
                + "order_count bigint, PRIMARY KEY (window_start, currency))");
        Map<String, String> config = sink(db, "it-pk.sales_per_minute");
        config.put("name", "pk-fields");
        config.put("primary.key.fields", "window_strat,currency");
        Map<String, List<String>> errors = CONNECT.rest().validate("JdbcSinkConnector", config).errors();
        assertEquals(List.of("'window_strat' is no column of table public.sales_per_minute (topic "
                + "it-pk.sales_per_minute), which exists with columns [window_start, currency, order_count]"),
                errors.get("primary.key.fields"), errors.toString());
        assertEquals(1, errors.size(), errors.toString());
        RestCallException refused = assertThrows(RestCallException.class,
                () -> CONNECT.rest().putConnectorConfig("pk-fields", config));
        assertTrue(refused.body().contains("'window_strat' is no column"), refused.body());

        config.put("primary.key.fields", "window_start,currency");
        assertEquals(Map.of(), CONNECT.rest().validate("JdbcSinkConnector", config).errors());
        config.put("primary.key.fields", "currency,currency");
        assertTrue(CONNECT.rest().validate("JdbcSinkConnector", config).errors().get("primary.key.fields").get(0)
                .contains("'currency' is named twice"));
    }

    private static AnalyticsRecords.Keyed withCount(AnalyticsRecords.Keyed row, long orderCount) {
        Struct value = new Struct(row.value().schema());
        row.value().schema().fields().forEach(field -> value.put(field, row.value().get(field)));
        return new AnalyticsRecords.Keyed(row.key(), value.put("order_count", orderCount));
    }

    @Test
    void orderV2AddsPromoCodeAsANullableColumn() throws Exception {
        PostgresDatabase db = postgres.createDatabase("jdbc_orders");
        String topic = "it-orders.ecommerce.orders.created";
        for (int i = 0; i < 5; i++) {
            records.produceValue(kafka, topic, "c-" + i, ConnectSchemas.ORDER_V1, order(ConnectSchemas.ORDER_V1, i));
        }
        Map<String, String> config = sink(db, topic);
        config.put("primary.key.mode", "record_value");
        config.put("primary.key.fields", "order_id");
        config.put("table.name.format", "orders");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        CONNECT.rest().putConnectorConfig("orders", config);
        CONNECT.rest().awaitRunning("orders", 1, TIMEOUT);
        Waits.until("v1 orders", TIMEOUT, () -> count(db, "orders"), n -> n >= 5);
        assertEquals(List.of(), columnTypes(db, "orders", "promo_code").stream().filter(t -> t != null).toList());

        for (int i = 5; i < 10; i++) {
            Struct v2 = order(ConnectSchemas.ORDER_V2, i).put("promo_code", i % 2 == 0 ? "WELCOME10" : null);
            records.produceValue(kafka, topic, "c-" + i, ConnectSchemas.ORDER_V2, v2);
        }
        Waits.until("v2 orders", TIMEOUT, () -> count(db, "orders"), n -> n >= 10);
        assertEquals(List.of("text"), columnTypes(db, "orders", "promo_code"));
        Map<String, List<Object>> rows = rows(db, "SELECT order_id, promo_code FROM orders", 1);
        assertEquals(java.util.Arrays.asList((Object) null), rows.get("o-1"));
        assertEquals(List.of("WELCOME10"), rows.get("o-6"));
        assertEquals(java.util.Arrays.asList((Object) null), rows.get("o-7"));
        assertEquals(List.of("YES"), nullable(db, "orders", "promo_code"));
        CONNECT.rest().deleteConnector("orders");
    }

    @Test
    void aRowTheDatabaseRefusesGoesToTheDeadLetterQueueOrFailsTheTaskNamingIt() throws Exception {
        PostgresDatabase db = postgres.createDatabase("jdbc_bad");
        execute(db, "CREATE TABLE sales_per_minute (window_start timestamptz NOT NULL, currency text NOT NULL, "
                + "window_end timestamptz, order_count bigint CHECK (order_count >= 0), total_amount double "
                + "precision, avg_order_value double precision, PRIMARY KEY (window_start, currency))");
        String topic = "it-bad.sales_per_minute";
        List<AnalyticsRecords.Keyed> sales = AnalyticsRecords.sales(10, 3);
        sales.get(7).value().put("order_count", -5L); // violates the table's CHECK: can never be written
        records.produce(kafka, topic, sales);

        Map<String, String> config = sink(db, topic);
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", "it-bad.dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        CONNECT.rest().putConnectorConfig("bad-dlq", config);
        CONNECT.rest().awaitRunning("bad-dlq", 1, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.awaitRecords("it-bad.dlq", 1, TIMEOUT);
        Waits.until("the good rows", TIMEOUT, () -> count(db, "sales_per_minute"), n -> n >= 29);
        assertEquals(29, count(db, "sales_per_minute"), "every row but the refused one");
        assertEquals(1, dead.size());
        String reason = header(dead.get(0), "__connect.errors.exception.message");
        assertTrue(reason.contains(topic + "/0@7") && reason.contains("sales_per_minute")
                && reason.contains("23514"), reason);
        CONNECT.rest().deleteConnector("bad-dlq");

        // Without a dead letter queue the task fails and says which record, table and why.
        PostgresDatabase db2 = postgres.createDatabase("jdbc_bad_fail");
        execute(db2, "CREATE TABLE sales_per_minute (window_start timestamptz NOT NULL, currency text NOT NULL, "
                + "window_end timestamptz, order_count bigint CHECK (order_count >= 0), total_amount double "
                + "precision, avg_order_value double precision, PRIMARY KEY (window_start, currency))");
        CONNECT.rest().putConnectorConfig("bad-fail", sink(db2, topic));
        ConnectorStatus failed = CONNECT.rest().awaitTaskFailed("bad-fail", TIMEOUT);
        String trace = failed.tasks().get(0).trace();
        assertTrue(trace.contains("Cannot write the record at " + topic + "/0@7 to table public.sales_per_minute")
                && trace.contains("order_count"), trace);
        assertEquals(0, count(db2, "sales_per_minute"), "nothing of the failed batch committed");
        CONNECT.rest().deleteConnector("bad-fail");
    }

    /** A login the database refuses is no row's fault: the task fails saying so, not after trying row by row. */
    @Test
    void aRefusedLoginFailsTheTaskNamingTheSettingsToCheck() throws Exception {
        PostgresDatabase db = postgres.createDatabase("jdbc_login");
        String topic = "it-login.sales_per_minute";
        records.produce(kafka, topic, AnalyticsRecords.sales(2, 1));
        Map<String, String> config = sink(db, topic);
        // The test server trusts local logins (no password check), but not a role it does not know: SQLState 28000.
        config.put("connection.user", "no_such_user");
        config.put("connection.password", "wrong-" + db.password());
        CONNECT.rest().putConnectorConfig("login", config);
        String trace = CONNECT.rest().awaitTaskFailed("login", TIMEOUT).tasks().get(0).trace();
        assertTrue(trace.contains("refused the login; check connection.user and connection.password")
                && trace.contains("28000") && !trace.contains("one by one"), trace);
        assertTrue(!trace.contains("wrong-" + db.password()), "the password is not in the trace");
        CONNECT.rest().deleteConnector("login");
    }

    @Test
    void aDatabaseOutageIsRetriedAndNothingIsLost() throws Exception {
        PostgresDatabase db = postgres.createDatabase("jdbc_outage");
        String topic = "it-outage.sales_per_minute";
        CONNECT.rest().putConnectorConfig("outage", sink(db, topic));
        CONNECT.rest().awaitRunning("outage", 1, TIMEOUT);

        AtomicBoolean producing = new AtomicBoolean(true);
        List<AnalyticsRecords.Keyed> all = AnalyticsRecords.sales(400, 5);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < all.size() && producing.get(); i += 20) {
                records.produce(kafka, topic, all.subList(i, Math.min(all.size(), i + 20)));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        producer.start();
        Waits.until("rows before the outage", TIMEOUT, () -> count(db, "sales_per_minute"), n -> n > 100);
        postgres.stopForOutage();
        try {
            Thread.sleep(6_000); // the sink's flushes fail meanwhile; it keeps retrying
        } finally {
            postgres.startAgain();
        }
        producer.join();
        Waits.until("every row after the outage", TIMEOUT, () -> count(db, "sales_per_minute"),
                n -> n >= all.size());
        assertEquals(all.size(), count(db, "sales_per_minute"));
        assertTrue(CONNECT.rest().status("outage").allIn("RUNNING", 1), "the task rode out the outage");
        Map<String, List<Object>> rows = rows(db, "SELECT window_start, currency, order_count FROM "
                + "sales_per_minute", 2);
        for (AnalyticsRecords.Keyed row : all) {
            Struct v = row.value();
            assertEquals(List.of(v.getInt64("order_count")),
                    rows.get(((Date) v.get("window_start")).getTime() + "|" + v.get("currency")));
        }
        CONNECT.rest().deleteConnector("outage");
    }

    @Test
    void tombstonesDeleteRowsAndUpdateModeChangesOnlyExistingRows() throws Exception {
        PostgresDatabase db = postgres.createDatabase("jdbc_modes");
        String topic = "it-modes.sales_per_minute";
        List<AnalyticsRecords.Keyed> sales = AnalyticsRecords.sales(10, 2);
        records.produce(kafka, topic, sales);
        // Tombstones for the first two windows' EUR rows.
        records.produce(kafka, topic, List.of(new AnalyticsRecords.Keyed(sales.get(0).key(), null),
                new AnalyticsRecords.Keyed(sales.get(3).key(), null)));
        Map<String, String> config = sink(db, topic);
        config.put("delete.enabled", "true");
        CONNECT.rest().putConnectorConfig("modes", config);
        CONNECT.rest().awaitRunning("modes", 1, TIMEOUT);
        Waits.until("rows less the deleted", TIMEOUT, () -> count(db, "sales_per_minute"), n -> n == 28);
        Map<String, List<Object>> rows = rows(db, "SELECT window_start, currency, order_count FROM "
                + "sales_per_minute", 2);
        assertTrue(!rows.containsKey(AnalyticsRecords.BASE + "|EUR"), "deleted by its tombstone");
        CONNECT.rest().deleteConnector("modes");

        // update: rows that exist change, rows that do not are not created.
        String updates = "it-modes.updates";
        List<AnalyticsRecords.Keyed> changed = AnalyticsRecords.sales(12, 40).subList(27, 36); // windows 9-11
        records.produce(kafka, updates, changed);
        Map<String, String> update = sink(db, updates);
        update.put("insert.mode", "update");
        update.put("table.name.format", "sales_per_minute");
        CONNECT.rest().putConnectorConfig("modes-update", update);
        CONNECT.rest().awaitRunning("modes-update", 1, TIMEOUT);
        Struct window9 = changed.get(0).value();
        Waits.until("window 9 updated", TIMEOUT, () -> rows(db, "SELECT window_start, currency, order_count FROM "
                + "sales_per_minute", 2).get(((Date) window9.get("window_start")).getTime() + "|EUR"),
                row -> row.equals(List.of(window9.getInt64("order_count"))));
        assertEquals(28, count(db, "sales_per_minute"), "windows 10 and 11 were not created");
        CONNECT.rest().deleteConnector("modes-update");
    }

    private static Struct order(org.apache.kafka.connect.data.Schema schema, int i) {
        return new Struct(schema).put("order_id", "o-" + i).put("customer_id", "c-" + i)
                .put("total_amount", 10.0 + i).put("currency", "EUR").put("order_ts", new Date(1_700_000_000_000L));
    }

    static long count(PostgresDatabase db, String table) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            return -1; // the table is not there yet, or the server is down
        }
    }

    /** Rows by their first {@code keyColumns} columns (joined with |, times as epoch ms), then the rest. */
    static Map<String, List<Object>> rows(PostgresDatabase db, String sql, int keyColumns) {
        Map<String, List<Object>> rows = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> key = new ArrayList<>();
                List<Object> rest = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = r.getObject(i);
                    if (value instanceof java.sql.Timestamp) {
                        value = ((java.sql.Timestamp) value).getTime();
                    } else if (value instanceof java.time.OffsetDateTime) {
                        value = ((java.time.OffsetDateTime) value).toInstant().toEpochMilli();
                    }
                    if (i <= keyColumns) {
                        key.add(String.valueOf(value));
                    } else {
                        rest.add(value);
                    }
                }
                rows.put(String.join("|", key), rest);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return rows;
    }

    private static List<String> columnTypes(PostgresDatabase db, String table, String... columns) {
        List<String> types = new ArrayList<>();
        for (String column : columns) {
            List<Object> row = rows(db, "SELECT 1, data_type FROM information_schema.columns WHERE table_name = '"
                    + table + "' AND column_name = '" + column + "'", 1).get("1");
            types.add(row == null ? null : (String) row.get(0));
        }
        return types;
    }

    private static List<String> nullable(PostgresDatabase db, String table, String column) {
        return List.of((String) rows(db, "SELECT 1, is_nullable FROM information_schema.columns WHERE table_name = '"
                + table + "' AND column_name = '" + column + "'", 1).get("1").get(0));
    }

    private static List<String> primaryKey(PostgresDatabase db, String table) {
        List<String> key = new ArrayList<>();
        rows(db, "SELECT array_position(i.indkey, a.attnum), a.attname FROM pg_index i JOIN pg_attribute a ON "
                + "a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '" + table
                + "'::regclass AND i.indisprimary", 1).values().forEach(row -> key.add((String) row.get(0)));
        return key;
    }

    static void execute(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
