package io.rivulet.bench;

import java.io.StringReader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
import org.postgresql.PGConnection;

import io.rivulet.aggregator.output.OutputSchemas;
import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectRestClient;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.PostgresDatabase;
import io.rivulet.embedded.PostgresServer;
import io.rivulet.embedded.SchemaRegistryServer;
import io.rivulet.embedded.Waits;

/**
 * Rows/s into PostgreSQL (fsync on) for the same records through our JDBC sink and through Debezium's, on the same
 * worker in the same run, and raw COPY of the same rows as the ceiling. Records are the aggregator's sales rows
 * (Avro through the schema registry, as the pipeline writes them), upserted by their key.
 *
 * <p>Usage: {@code JdbcSinkBench <plugin zips dir> <debezium plugin dir> [rows=300000]}.
 */
public final class JdbcSinkBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");
    /** The registry the Avro converters of keys and values use. */
    private static SchemaRegistryServer registry;

    private JdbcSinkBench() {
    }

    public static void main(String[] args) throws Exception {
        Path zips = Paths.get(args[0]);
        Path debezium = Paths.get(args[1]);
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 300_000;
        Path pluginPath = PluginInstaller.install(zips);
        try (KafkaBroker kafka = KafkaBroker.start();
             SchemaRegistryServer avroRegistry = SchemaRegistryServer.start();
             PostgresServer postgres = PostgresServer.start(true);
             ConnectCluster connect = ConnectCluster.builder(kafka).pluginPath(pluginPath, debezium).start()) {
            registry = avroRegistry;
            PostgresDatabase db = postgres.createDatabase("jdbc_bench");
            kafka.createTopic("warmup", 3);
            kafka.createTopic("sales", 3);
            produce(kafka, "warmup", rows / 5);
            produce(kafka, "sales", rows);
            ConnectRestClient rest = connect.rest();
            // Warm-up: both sinks once over a smaller topic, not timed (class loading, JIT).
            sinkRate(rest, db, "ours-warmup", ours(db, "warmup"), "ours_warmup", rows / 5);
            sinkRate(rest, db, "debezium-warmup", debezium(db, "warmup"), "dbz_warmup", rows / 5);
            double ours = sinkRate(rest, db, "ours", ours(db, "sales"), "ours_sales", rows);
            Map<String, String> unnest = ours(db, "sales");
            unnest.put("write.method", "unnest");
            unnest.put("table.name.format", "unnest_${topic}");
            double oursUnnest = sinkRate(rest, db, "ours-unnest", unnest, "unnest_sales", rows);
            double theirs = sinkRate(rest, db, "debezium", debezium(db, "sales"), "dbz_sales", rows);
            double copy = copyRate(db, rows);
            System.out.printf("rows: %,d sales rows (7 columns, key window_start + currency), Avro with the registry, "
                    + "3 partitions, one task each, PostgreSQL 14 with fsync and synchronous_commit on%n", rows);
            System.out.printf("Rivulet JdbcSinkConnector (upsert, COPY + merge, batch.size 10000): %,.0f rows/s%n",
                    ours);
            System.out.printf("Rivulet JdbcSinkConnector with write.method=unnest: %,.0f rows/s%n", oursUnnest);
            System.out.printf("Debezium JdbcSinkConnector 3.6.0 (upsert, batch.size 10000, UNNEST inserts on): "
                    + "%,.0f rows/s%n", theirs);
            System.out.printf("raw COPY of the same rows into an empty table with the same primary key: %,.0f "
                    + "rows/s; ours = %.2f of it%n", copy, ours / copy);
            System.out.printf("ratio=%.2f%n", ours / theirs);
        }
        System.exit(0);
    }

    private static Converter converter(boolean isKey) {
        Converter converter = new io.apicurio.registry.utils.converter.AvroConverter<>();
        converter.configure(registry.avroConverterSettings(), isKey); // as the workers' Avro converter
        return converter;
    }

    private static Map<String, String> common(PostgresDatabase db, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("topics", topic);
        config.put("tasks.max", "1");
        config.put("connection.url", db.jdbcUrl());
        config.put("connection.password", db.password());
        config.put("insert.mode", "upsert");
        config.put("primary.key.mode", "record_key");
        config.put("batch.size", "10000");
        config.putAll(registry.avroConverter("key.converter"));
        config.putAll(registry.avroConverter("value.converter"));
        config.put("consumer.override.max.poll.records", "10000");
        config.put("consumer.override.isolation.level", "read_committed");
        return config;
    }

    private static Map<String, String> ours(PostgresDatabase db, String topic) {
        Map<String, String> config = common(db, topic);
        config.put("connector.class", "io.rivulet.connect.jdbc.JdbcSinkConnector");
        config.put("connection.user", db.user());
        config.put("table.name.format", "ours_${topic}");
        return config;
    }

    private static Map<String, String> debezium(PostgresDatabase db, String topic) {
        Map<String, String> config = common(db, topic);
        config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        config.put("connection.username", db.user());
        config.put("collection.name.format", "dbz_${topic}");
        config.put("schema.evolution", "basic");
        config.put("dialect.postgres.unnest.insert.enabled", "true");
        return config;
    }

    /** Rows/s from the first row in the table to the last. */
    private static double sinkRate(ConnectRestClient rest, PostgresDatabase db, String name,
                                   Map<String, String> config, String table, int rows) {
        rest.putConnectorConfig(name, config);
        Waits.until("the first rows from " + name, TIMEOUT, () -> {
            if (rest.status(name).anyTaskIn("FAILED")) {
                throw new IllegalStateException(name + " failed: " + rest.status(name));
            }
            return count(db, table);
        }, n -> n > 0);
        long started = System.nanoTime();
        long first = count(db, table);
        Waits.until("all rows from " + name, TIMEOUT, () -> count(db, table), n -> n >= rows);
        double rate = (rows - first) / ((System.nanoTime() - started) / 1e9);
        rest.deleteConnector(name);
        return rate;
    }

    private static long count(PostgresDatabase db, String table) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            return 0; // not created yet
        }
    }

    private static Struct key(int i) {
        return new Struct(OutputSchemas.SALES_KEY).put("window_start", windowStart(i))
                .put("currency", CURRENCIES.get(i % 3));
    }

    private static Date windowStart(int i) {
        return new Date(1_700_000_040_000L - 1_700_000_040_000L % 60_000 + (i / 3) * 60_000L);
    }

    private static Struct value(int i) {
        Date start = windowStart(i);
        long orders = 1 + i % 97;
        double total = orders * 12.25 + i % 7;
        return new Struct(OutputSchemas.SALES).put("window_start", start)
                .put("window_end", new Date(start.getTime() + 60_000)).put("currency", CURRENCIES.get(i % 3))
                .put("order_count", orders).put("total_amount", total).put("avg_order_value", total / orders);
    }

    private static void produce(KafkaBroker kafka, String topic, int rows) {
        Converter keys = converter(true);
        Converter values = converter(false);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < rows; i++) {
                Struct key = key(i);
                Struct value = value(i);
                producer.send(new ProducerRecord<>(topic, keys.fromConnectData(topic, key.schema(), key),
                        values.fromConnectData(topic, value.schema(), value)));
            }
            producer.flush();
        }
    }

    /** COPY of the same rows, as CSV, into a table like the sinks': the most PostgreSQL takes in here. */
    private static double copyRate(PostgresDatabase db, int rows) throws Exception {
        StringBuilder csv = new StringBuilder(rows * 100);
        for (int i = 0; i < rows; i++) {
            Struct v = value(i);
            csv.append(Instant.ofEpochMilli(((Date) v.get("window_start")).getTime())).append(',')
                    .append(v.getString("currency")).append(',')
                    .append(Instant.ofEpochMilli(((Date) v.get("window_end")).getTime())).append(',')
                    .append(v.getInt64("order_count")).append(',').append(v.getFloat64("total_amount")).append(',')
                    .append(v.getFloat64("avg_order_value")).append('\n');
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE copy_sales (window_start timestamptz NOT NULL, currency text NOT NULL, "
                    + "window_end timestamptz NOT NULL, order_count bigint NOT NULL, total_amount double precision "
                    + "NOT NULL, avg_order_value double precision NOT NULL, PRIMARY KEY (window_start, currency))");
            long started = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY copy_sales FROM STDIN WITH (FORMAT csv)",
                    new StringReader(csv.toString()));
            return rows / ((System.nanoTime() - started) / 1e9);
        }
    }
}
