package io.rivulet.local.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.rivulet.embedded.ChildJvm;
import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.ConnectorStatus;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.local.LocalConfigs;
import io.rivulet.local.LocalPipeline;
import io.rivulet.schemas.Topics;
import io.rivulet.simulator.Simulator;

/**
 * The whole pipeline under repeated crashes: the simulator (fixed seed) through the HTTP source (pull and listen,
 * Validate then RedisEnrich), two aggregator instances, the JDBC sink and the Druid sink, exactly-once everywhere,
 * on two Connect workers in child JVMs, records in Avro through a schema registry (Apicurio's converter in the
 * Confluent wire format), while a fault schedule runs: a worker killed (SIGKILL) during ingestion, an aggregator
 * instance killed, PostgreSQL stopped for 10 s, Redis restarted, the registry restarted, the broker restarted, and
 * the worker running the JDBC sink killed while it flushes (its replacement task reads schema ids written before
 * the registry restart). Afterwards every row of every closed window in PostgreSQL and in
 * Druid equals the ground truth, the .invalid topics hold exactly the invalid events, every acknowledged click is in
 * a topic, and the records of aborted transactions (there are some: every crash aborts one) reached neither sink.
 * Prints the schedule and how long each component took to recover.
 */
@Tag("integration")
class PipelineChaosIT {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration TIMEOUT = Duration.ofMinutes(6);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);
    /**
     * The most traffic the shop makes: it ends as soon as the schedule has run, so this only bounds how slow a
     * machine may be (a registry restart alone takes 40 s on a busy 2-core machine; the schedule
     * once outran 240 s of traffic on CI).
     */
    private static final Duration TRAFFIC = Duration.ofSeconds(480);
    /** Recovery is seen as windows closing, which needs traffic after the fault: this much must be left. */
    private static final Duration TRAFFIC_LEFT_PER_FAULT = Duration.ofSeconds(45);
    private static final List<String> ANALYTICS = List.of(Topics.SALES_PER_MINUTE, Topics.ACTIVE_USERS_PER_MINUTE,
            Topics.FUNNEL_PER_MINUTE);

    private static LocalPipeline pipeline;
    private static Simulator simulator;
    private static final List<ChildJvm> aggregators = new ArrayList<>();
    private static final List<String> report = new ArrayList<>();
    private static long startedNs;
    private static long injectedAborted;

    @BeforeAll
    static void start() {
        pipeline = new LocalPipeline(new LocalPipeline.Options(Duration.ofSeconds(5), Duration.ofSeconds(2), 500,
                20261201L, TRAFFIC, true, ConnectConfigFiles.folder(), PluginInstaller.builtZips(),
                3));
        // A dead worker's tasks move after 5 s instead of Connect's default 5 minutes (docs/http-source.md
        // recommends a short delay for the listener); the sinks' consumers leave their group 10 s after a crash.
        pipeline.startServices(new LocalPipeline.Cluster(2, true, true, true,
                Map.of("scheduled.rebalance.max.delay.ms", "5000")));
    }

    @AfterAll
    static void stop() {
        aggregators.forEach(ChildJvm::kill);
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyNumberEqualsTheGroundTruthAfterRepeatedCrashes() throws Exception {
        List<Path> configs = pipeline.writeConfigs();
        for (Path config : configs) {
            if (LocalPipeline.connectorName(config).contains("sink")) {
                LocalConfigs.amend(config, Map.of("consumer.override.session.timeout.ms", "10000"));
            }
        }
        pipeline.deploy(configs);
        aggregators.add(startAggregator("a"));
        aggregators.add(startAggregator("b"));
        Path truthFile = WorkDirs.fresh("chaos-truth").resolve("ground-truth.json");
        simulator = pipeline.startSimulator(truthFile);
        startedNs = System.nanoTime();

        Thread.sleep(12_000);
        fault("SIGKILL the Connect worker running the click listener (ingestion)", () -> {
            killWorkerRunning("clicks-http-listener");
            pipeline.connect().addWorker();
        }, "clicks acknowledged again", () -> simulator.stats().clicksAcknowledged());

        fault("SIGKILL aggregator instance a, start a replacement with empty state", () -> {
            aggregators.get(0).kill();
            aggregators.set(0, startAggregator("a2"));
        }, "analytics results written again", PipelineChaosIT::analyticsEnd);

        fault("PostgreSQL stopped for 10 s", () -> {
            pipeline.postgres().stopForOutage();
            sleep(10_000);
            pipeline.postgres().startAgain();
        }, "rows written to PostgreSQL again", PipelineChaosIT::postgresRowCount);

        fault("Redis restarted (stopped 3 s)", () -> {
            pipeline.redis().stop();
            sleep(3_000);
            pipeline.redis().restart();
        }, "clicks acknowledged again", () -> simulator.stats().clicksAcknowledged());

        fault("Schema registry restarted (stopped 5 s)", () -> {
            pipeline.registry().stop();
            sleep(5_000);
            pipeline.registry().restart();
        }, "rows written to PostgreSQL again", PipelineChaosIT::postgresRowCount);

        fault("Kafka broker restarted", () -> pipeline.kafka().restart(),
                "analytics results written again", PipelineChaosIT::analyticsEnd);

        fault("A crashed aggregator attempt: every result so far rewritten wrong, then aborted",
                PipelineChaosIT::abortedResults, "results after the aborted ones", PipelineChaosIT::analyticsEnd);

        long written = postgresRowCount();
        Waits.until("the JDBC sink to flush", RECOVERY_TIMEOUT, PipelineChaosIT::postgresRowCount,
                n -> n > written); // it flushes as windows close: the kill lands while it writes
        fault("SIGKILL the Connect worker running the JDBC sink (flushing)", () -> {
            killWorkerRunning("analytics-jdbc-sink");
            pipeline.connect().addWorker();
        }, "rows written to PostgreSQL again", PipelineChaosIT::postgresRowCount);
        simulator.endTrafficNow();

        assertTrue(simulator.awaitDelivered(TIMEOUT), "not all events reached the pipeline: " + simulator.stats());
        JsonNode truth = JSON.readTree(truthFile.toFile());
        Map<String, String> expected = GroundTruth.expectedRows(truth);
        Map<String, String> inPostgres = Waits.until("every closed window in PostgreSQL", TIMEOUT,
                () -> GroundTruth.postgresRows(pipeline.database(), truth),
                rows -> rows.keySet().containsAll(expected.keySet()) && rows.equals(expected));
        assertEquals(expected, inPostgres);
        Map<String, String> inDruid = Waits.until("every closed window in Druid", TIMEOUT,
                () -> GroundTruth.druidRows(pipeline.druid(), truth), expected::equals);
        assertEquals(expected, inDruid);

        JsonNode counts = truth.path("events");
        assertEquals(counts.path("invalid_orders").asLong(), pipeline.kafka().readToEnd(
                Topics.ORDERS_CREATED + Topics.INVALID_SUFFIX).size(), "invalid orders, each once");
        RecordValues values = RecordValues.of(pipeline);
        Set<String> invalidClicks = GroundTruth.eventIds(pipeline.kafka(),
                Topics.CLICKSTREAM_EVENTS + Topics.INVALID_SUFFIX, values);
        assertEquals(counts.path("invalid_clicks").asLong(), invalidClicks.size(), "invalid clicks");
        Set<String> clicks = new HashSet<>(GroundTruth.eventIds(pipeline.kafka(), Topics.CLICKSTREAM_EVENTS,
                values));
        clicks.addAll(invalidClicks);
        Set<String> missing = new HashSet<>(simulator.acknowledgedClickIds());
        missing.removeAll(clicks);
        assertEquals(Set.of(), missing, "acknowledged clicks missing from the topics");
        long aborted = abortedAnalyticsRecords();
        assertTrue(aborted >= injectedAborted, aborted + " records of aborted transactions, " + injectedAborted
                + " of them injected");
        long closed = GroundTruth.closedWindows(truth).size();

        report.add(String.format("Result: %,d events, %,d clicks acknowledged (all in the topics), %d closed windows, "
                + "%d rows equal in PostgreSQL and Druid; %,d records of aborted transactions in the analytics "
                + "topics (%,d injected) reached neither sink; %d s in all", simulator.stats().events(),
                simulator.stats().clicksAcknowledged(), closed, expected.size(), aborted, injectedAborted,
                elapsedSeconds()));
        System.out.println("Chaos schedule and recovery:");
        report.forEach(System.out::println);
    }

    /**
     * What a crashed aggregator leaves behind: every result written so far written again with wrong numbers, and a
     * row for a window that never was, in transactions that then abort. A sink reading uncommitted data would
     * overwrite the right rows with them.
     */
    private static void abortedResults() {
        List<ConsumerRecord<byte[], byte[]>> sales = pipeline.kafka().readToEnd(
                Topics.SALES_PER_MINUTE);
        RecordValues values = RecordValues.of(pipeline); // Avro through the registry, as the aggregator writes
        try (var producer = pipeline.kafka().transactionalProducer("chaos-crashed-aggregator-attempt")) {
            producer.beginTransaction();
            for (var record : sales) {
                SchemaAndValue value = values.read(record);
                Struct wrong = RecordValues.with((Struct) value.value(), "order_count", 999_999L);
                producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(),
                        values.write(record.topic(), new SchemaAndValue(value.schema(), wrong))));
                injectedAborted++;
            }
            producer.flush();
            producer.abortTransaction();
        }
        assertTrue(injectedAborted > 0, "results to write again");
    }

    private interface Action {
        void run() throws Exception;
    }

    /** Runs one fault, then waits until {@code progress} moves past where it stood; reports both times. */
    private static void fault(String what, Action action, String recovered, LongSupplier progress) throws Exception {
        // Recovery is seen as results moving on, which needs traffic: every fault must land while the shop runs.
        long at = elapsedSeconds();
        assertTrue(!simulator.awaitGenerated(Duration.ZERO) && TRAFFIC.toSeconds() - at >= TRAFFIC_LEFT_PER_FAULT
                .toSeconds(), "The fault schedule outran the simulator's traffic (" + what + " at t=" + at + " s of "
                + TRAFFIC.toSeconds() + " s): lengthen TRAFFIC");
        long begin = System.nanoTime();
        action.run();
        long faultMs = (System.nanoTime() - begin) / 1_000_000;
        long before = progress.getAsLong();
        long recoveredMs = Waits.until(what + ": " + recovered, RECOVERY_TIMEOUT, () -> {
            long now = progress.getAsLong();
            return now > before ? (System.nanoTime() - begin) / 1_000_000 : -1L;
        }, ms -> ms >= 0);
        report.add(String.format("t=%3d s  %-78s %5.1f s to do; %s after %5.1f s", at, what, faultMs / 1000.0,
                recovered, recoveredMs / 1000.0));
        System.out.println(report.get(report.size() - 1));
        Thread.sleep(4_000); // some normal running before the next fault
    }

    private static long elapsedSeconds() {
        return (System.nanoTime() - startedNs) / 1_000_000_000L;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void killWorkerRunning(String connector) {
        ConnectorStatus status = Waits.until(connector + " to run", RECOVERY_TIMEOUT,
                () -> pipeline.connect().rest().status(connector), s -> s.allIn("RUNNING", 1));
        String workerId = status.tasks().get(0).workerId();
        List<ConnectCluster.Worker> workers = pipeline.connect().workers();
        for (int i = 0; i < workers.size(); i++) {
            ConnectCluster.Worker worker = workers.get(i);
            if (worker.isRunning() && workerId.equals(worker.url().getHost() + ":" + worker.url().getPort())) {
                pipeline.connect().killWorker(i);
                return;
            }
        }
        throw new IllegalStateException("No running worker is " + workerId + ": " + workers);
    }

    private static ChildJvm startAggregator(String name) {
        // a killed instance's partitions move sooner
        return pipeline.startAggregatorProcess(name, Map.of("session.timeout.ms", "10000"),
                List.of("-Xmx256m", "-XX:+UseSerialGC"));
    }

    /** The sum of the analytics topics' end offsets (transaction markers included): grows when results are written. */
    private static long analyticsEnd() {
        try (KafkaConsumer<byte[], byte[]> consumer = pipeline.kafka().consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : ANALYTICS) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        } catch (RuntimeException e) {
            return -1; // the broker is down
        }
    }

    /** Rows in the three tables, plus every update of them (PostgreSQL's n_tup_upd): grows with every flush. */
    private static long postgresRowCount() {
        long[] total = {-1};
        try {
            GroundTruth.query(pipeline.database(), "SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) FROM "
                    + "pg_stat_user_tables WHERE relname IN ('sales_per_minute', 'active_users_per_minute', "
                    + "'funnel_per_minute')", r -> total[0] = r.getLong(1));
        } catch (RuntimeException e) {
            return -1; // PostgreSQL is down
        }
        return total[0];
    }

    /** Records in the analytics topics that a read_uncommitted consumer sees and a read_committed one does not. */
    private static long abortedAnalyticsRecords() {
        long uncommitted = 0;
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (String topic : ANALYTICS) {
                List<TopicPartition> partitions = new ArrayList<>();
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    uncommitted += consumer.poll(Duration.ofMillis(200)).count();
                }
            }
        }
        long committed = ANALYTICS.stream().mapToLong(t -> pipeline.kafka().readToEnd(t).size()).sum();
        return uncommitted - committed;
    }
}
