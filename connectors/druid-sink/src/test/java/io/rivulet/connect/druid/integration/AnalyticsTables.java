package io.rivulet.connect.druid.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

import io.rivulet.aggregator.output.OutputSchemas;
import io.rivulet.embedded.DruidCluster;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PostgresDatabase;

/**
 * The aggregator's three output topics, filled with records in its output schemas, and the same rows read back
 * from PostgreSQL and from Druid SQL in one comparable form: one line per row, every column, times in epoch ms.
 */
final class AnalyticsTables {
    static final String SALES = "sales_per_minute";
    static final String ACTIVE_USERS = "active_users_per_minute";
    static final String FUNNEL = "funnel_per_minute";
    static final List<String> TABLES = List.of(SALES, ACTIVE_USERS, FUNNEL);
    private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");
    private static final List<String> SEGMENTS = List.of(OutputSchemas.ALL_SEGMENTS, "vip", "regular", "unknown");

    private AnalyticsTables() {
    }

    static String topic(String table) {
        return "analytics." + table;
    }

    static Schema valueSchema(String table) {
        switch (table) {
            case SALES:
                return OutputSchemas.SALES;
            case ACTIVE_USERS:
                return OutputSchemas.ACTIVE_USERS;
            default:
                return OutputSchemas.FUNNEL;
        }
    }

    /** Writes {@code windows} minutes of results to the three topics (3 partitions each); returns the rows. */
    static Map<String, Set<String>> produce(KafkaBroker kafka, long base, int windows) {
        JsonConverter keys = converter(true);
        JsonConverter values = converter(false);
        Map<String, Set<String>> expected = Map.of(SALES, new TreeSet<>(), ACTIVE_USERS, new TreeSet<>(),
                FUNNEL, new TreeSet<>());
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            int n = 0;
            for (int w = 0; w < windows; w++) {
                Date start = new Date(base + w * 60_000L);
                Date end = new Date(start.getTime() + 60_000L);
                List<Struct[]> rows = new ArrayList<>();
                for (int c = 0; c < CURRENCIES.size(); c++) {
                    long orders = 1 + (w * 5L + c) % 17;
                    double total = orders * 12.25 + c;
                    rows.add(new Struct[] {new Struct(OutputSchemas.SALES_KEY).put("window_start", start)
                            .put("currency", CURRENCIES.get(c)), new Struct(OutputSchemas.SALES)
                            .put("window_start", start).put("window_end", end).put("currency", CURRENCIES.get(c))
                            .put("order_count", orders).put("total_amount", total)
                            .put("avg_order_value", total / orders)});
                }
                for (int s = 0; s < SEGMENTS.size(); s++) {
                    rows.add(new Struct[] {new Struct(OutputSchemas.ACTIVE_USERS_KEY).put("window_start", start)
                            .put("segment", SEGMENTS.get(s)), new Struct(OutputSchemas.ACTIVE_USERS)
                            .put("window_start", start).put("window_end", end).put("segment", SEGMENTS.get(s))
                            .put("active_users", (s == 0 ? 200L : 40L * s) + w)});
                }
                long views = w % 7 == 0 ? 0 : 100 + w; // a minute without views has no rates (nulls)
                long carts = views / 3;
                long checkouts = carts / 2;
                long purchases = checkouts * 2 / 3;
                rows.add(new Struct[] {new Struct(OutputSchemas.FUNNEL_KEY).put("window_start", start),
                        new Struct(OutputSchemas.FUNNEL).put("window_start", start).put("window_end", end)
                                .put("page_view", views).put("add_to_cart", carts).put("checkout", checkouts)
                                .put("purchase", purchases).put("view_to_cart", rate(carts, views))
                                .put("cart_to_checkout", rate(checkouts, carts))
                                .put("checkout_to_purchase", rate(purchases, checkouts))
                                .put("overall_conversion", rate(purchases, views))});
                for (Struct[] row : rows) {
                    String table = tableOf(row[1].schema());
                    String topic = topic(table);
                    producer.send(new ProducerRecord<>(topic, n++ % 3, null,
                            keys.fromConnectData(topic, row[0].schema(), row[0]),
                            values.fromConnectData(topic, row[1].schema(), row[1])));
                    expected.get(table).add(line(row[1]));
                }
            }
            producer.flush();
        }
        return expected;
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static String tableOf(Schema schema) {
        return schema == OutputSchemas.SALES ? SALES : schema == OutputSchemas.ACTIVE_USERS ? ACTIVE_USERS : FUNNEL;
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), isKey);
        return converter;
    }

    private static String line(Struct value) {
        List<String> cells = new ArrayList<>();
        for (Field field : value.schema().fields()) {
            Object v = value.get(field);
            cells.add(v instanceof Date ? Long.toString(((Date) v).getTime()) : String.valueOf(v));
        }
        return String.join("|", cells);
    }

    /** The table's rows in PostgreSQL; empty while the table is not there. */
    static Set<String> postgres(PostgresDatabase db, String table) {
        Set<String> rows = new TreeSet<>();
        List<Field> fields = valueSchema(table).fields();
        List<String> columns = new ArrayList<>();
        for (Field field : fields) {
            columns.add(isTime(field) ? "(extract(epoch from " + field.name() + ") * 1000)::bigint"
                    : field.name());
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table)) {
            while (r.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= fields.size(); i++) {
                    cells.add(String.valueOf(r.getObject(i)));
                }
                rows.add(String.join("|", cells));
            }
        } catch (SQLException e) {
            return Set.of();
        }
        return rows;
    }

    /** The datasource's rows through Druid SQL on the broker; empty while the datasource is not queryable. */
    static Set<String> druid(DruidCluster druid, String datasource, String table) {
        List<Field> fields = valueSchema(table).fields();
        List<String> columns = new ArrayList<>();
        for (Field field : fields) {
            columns.add(field.name().equals("window_start") ? "TIMESTAMP_TO_MILLIS(__time) AS window_start"
                    : "\"" + field.name() + "\"");
        }
        List<Map<String, Object>> result;
        try {
            result = druid.sql("SELECT " + String.join(", ", columns) + " FROM \"" + datasource + "\"");
        } catch (RuntimeException e) {
            return Set.of();
        }
        Set<String> rows = new TreeSet<>();
        for (Map<String, Object> row : result) {
            List<String> cells = new ArrayList<>();
            for (Field field : fields) {
                Object v = row.get(field.name());
                boolean integral = isTime(field) || field.schema().type() == Schema.Type.INT64;
                cells.add(v == null ? "null" : integral ? Long.toString(((Number) v).longValue())
                        : v instanceof Number ? Double.toString(((Number) v).doubleValue()) : v.toString());
            }
            rows.add(String.join("|", cells));
        }
        return rows;
    }

    private static boolean isTime(Field field) {
        return "org.apache.kafka.connect.data.Timestamp".equals(field.schema().name());
    }
}
