package io.rivulet.connect.jdbc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PostgresDatabase;
import io.rivulet.embedded.Waits;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.TestServers;

/**
 * The worker running the sink is killed with SIGKILL in the middle of its batches; a new worker takes over from the
 * last committed offsets. Every record is in the table once, with its value: nothing lost, nothing doubled.
 */
@Tag("integration")
class JdbcSinkCrashIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins(cluster -> cluster
            .forkedWorkers(true)
            .workerProperty("scheduled.rebalance.max.delay.ms", "2000"));

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @BeforeAll
    static void start() {
    }

    @Test
    void killedMidBatchTheNextWorkerWritesEveryRowOnce() throws Exception {
        KafkaBroker kafka = TestServers.kafka();
        PostgresDatabase db = TestServers.postgres().createDatabase("jdbc_crash");
        String topic = "it-crash.sales_per_minute";
        kafka.createTopic(topic, 3);
        List<AnalyticsRecords.Keyed> all = AnalyticsRecords.sales(20_000, 9); // 60,000 rows
        new AnalyticsRecords().produce(kafka, topic, all);

        Map<String, String> config = JdbcSinkIT.sink(db, topic);
        config.put("batch.size", "2000");
        config.put("consumer.override.max.poll.records", "500");
        config.put("consumer.override.session.timeout.ms", "10000"); // the dead worker's partitions free sooner
        config.put("tasks.max", "2");
        CONNECT.rest().putConnectorConfig("crash", config);
        long atKill = Waits.until("rows being written", TIMEOUT, () -> JdbcSinkIT.count(db, "sales_per_minute"),
                n -> n > 5_000);
        CONNECT.cluster().killWorker(0);
        CONNECT.cluster().addWorker();
        Waits.until("every row", TIMEOUT, () -> JdbcSinkIT.count(db, "sales_per_minute"), n -> n >= all.size());

        Map<String, List<Object>> rows = JdbcSinkIT.rows(db, "SELECT window_start, currency, order_count, "
                + "total_amount FROM sales_per_minute", 2);
        assertEquals(all.size(), rows.size());
        for (AnalyticsRecords.Keyed row : all) {
            Struct v = row.value();
            assertEquals(List.of(v.getInt64("order_count"), v.getFloat64("total_amount")),
                    rows.get(((Date) v.get("window_start")).getTime() + "|" + v.get("currency")));
        }
        assertTrue(atKill < all.size(), "killed before the end: " + atKill + " of " + all.size());
        System.out.printf("jdbc sink crash: %d of %d rows in PostgreSQL when the worker was killed; all %d once "
                + "after the new worker took over%n", atKill, all.size(), rows.size());
    }
}
