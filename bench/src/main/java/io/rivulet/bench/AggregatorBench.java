package io.rivulet.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;

import io.rivulet.aggregator.AggregatorApp;
import io.rivulet.aggregator.AggregatorConfig;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;

/**
 * The aggregator on a real broker in this JVM: events/s through the whole topology (exactly-once, changelogs on)
 * against a bare KafkaConsumer reading the same topic in the same run, and the state one minute of N distinct users
 * takes. Usage: {@code AggregatorBench [clicks=1000000] [setting=value ...]}.
 */
public final class AggregatorBench {
    private static final String CLICKS = "bench.clicks";
    private static final String ORDERS = "bench.orders";
    private static final int PARTITIONS = 3;
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private AggregatorBench() {
    }

    public static void main(String[] args) throws Exception {
        int clicks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopic(CLICKS, PARTITIONS);
            kafka.createTopic(ORDERS, PARTITIONS);
            long base = System.currentTimeMillis() - 3_600_000L;
            base -= base % 60_000;
            long bytes = produce(kafka, clicks, base);
            consumerRate(kafka, clicks); // warm-up
            double consumer = consumerRate(kafka, clicks);
            double passThrough = passThroughRate(kafka, clicks);

            Path stateDir = WorkDirs.fresh("aggregator-bench-state");
            Map<String, Object> settings = new HashMap<>();
            settings.put("bootstrap.servers", kafka.bootstrapServers());
            settings.put("application.id", "aggregator-bench");
            settings.put("state.dir", stateDir.toString());
            settings.put("input.orders.topic", ORDERS);
            settings.put("input.clicks.topic", CLICKS);
            settings.put("converter.schemas.enable", "false");
            for (int i = 1; i < args.length; i++) { // any further setting, e.g. commit.interval.ms=1000
                settings.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
            }
            AggregatorApp app = new AggregatorApp(new AggregatorConfig(settings));
            try {
                app.start();
                double aggregator = aggregatorRate(kafka, clicks);
                Map<String, Double> state = rocksDb("clicks-users");
                long onDisk = directorySize(stateDir);
                closeWindow(kafka, base);
                long users = awaitActiveUsers(kafka);
                System.out.printf("input: %,d clicks of %,d distinct users in one minute of event time, %.0f bytes "
                        + "each (JSON), %d partitions%n", clicks, clicks, (double) bytes / clicks, PARTITIONS);
                System.out.printf("bare KafkaConsumer: %,.0f records/s (read_committed, second pass)%n", consumer);
                System.out.printf("for scale, a trivial Kafka Streams app (count records, no state), exactly-once v2, "
                        + "same broker: %,.0f records/s = %.2f of the consumer%n", passThrough, passThrough / consumer);
                System.out.printf("aggregator: %,.0f events/s through gate, repartition, exact distinct counts and "
                        + "changelogs, exactly-once v2%n", aggregator);
                System.out.printf("active users of that minute, as the aggregator wrote them: %,d (expected %,d)%n",
                        users, clicks);
                System.out.printf("state for %,d distinct users in one open minute: user store %,.0f keys, "
                        + "%.1f MiB in SST files + %.1f MiB in memtables; whole state dir %.1f MiB "
                        + "(%.0f bytes per user in memtables and files)%n", clicks, state.get("estimate-num-keys"),
                        state.get("total-sst-files-size") / 1048576, state.get("size-all-mem-tables") / 1048576,
                        onDisk / 1048576.0, (state.get("total-sst-files-size") + state.get("size-all-mem-tables"))
                                / clicks);
                System.out.printf("ratio=%.2f%n", aggregator / consumer);
            } finally {
                app.close();
            }
        }
        System.exit(0);
    }

    /** Every click its own user, spread over one minute; actions cycle through the funnel. */
    private static long produce(KafkaBroker kafka, int clicks, long base) {
        String[] actions = {"page_view", "add_to_cart", "checkout", "purchase", "click"};
        String[] segments = {"new", "returning", "vip"};
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < clicks; i++) {
                long time = base + (long) i * 59_000 / clicks;
                String user = "u-" + i;
                byte[] value = ("{\"event_id\":\"e-" + i + "\",\"user_id\":\"" + user + "\",\"page\":\"/p\","
                        + "\"action\":\"" + actions[i % actions.length] + "\",\"timestamp\":" + time
                        + ",\"segment\":\"" + segments[i % segments.length] + "\"}").getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                producer.send(new ProducerRecord<>(CLICKS, i % PARTITIONS, time, user.getBytes(StandardCharsets.UTF_8),
                        value));
            }
            producer.flush();
        }
        return bytes;
    }

    private static double consumerRate(KafkaBroker kafka, int records) {
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long started = System.nanoTime();
            long read = 0;
            long checksum = 0;
            while (read < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                read += batch.count();
                for (var record : batch) {
                    checksum += record.value().length;
                }
            }
            double rate = read / ((System.nanoTime() - started) / 1e9);
            return checksum > 0 ? rate : 0;
        }
    }

    /** What Kafka Streams itself reaches here: read every click, count it, nothing else; exactly-once v2. */
    private static double passThroughRate(KafkaBroker kafka, int clicks) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        long[] seen = {0};
        builder.stream(CLICKS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .foreach((key, value) -> seen[0] += value.length);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pass-through-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, WorkDirs.fresh("pass-through-state").toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            return committedRate(kafka, "pass-through-bench", clicks);
        }
    }

    /** Events/s from the first committed progress until every click is committed as processed. */
    private static double aggregatorRate(KafkaBroker kafka, int clicks) throws Exception {
        return committedRate(kafka, "aggregator-bench", clicks);
    }

    private static double committedRate(KafkaBroker kafka, String group, int clicks) {
        Waits.until(group + "'s first commit", TIMEOUT, () -> committed(kafka, group), n -> n > 0);
        long started = System.nanoTime();
        long first = committed(kafka, group);
        Waits.until("all clicks processed by " + group, TIMEOUT, () -> committed(kafka, group), n -> n >= clicks);
        return (clicks - first) / ((System.nanoTime() - started) / 1e9);
    }

    private static long committed(KafkaBroker kafka, String group) {
        try {
            ListConsumerGroupOffsetsResult result = kafka.admin().listConsumerGroupOffsets(group);
            long sum = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : result.partitionsToOffsetAndMetadata().get()
                    .entrySet()) {
                if (entry.getKey().topic().equals(CLICKS) && entry.getValue() != null) {
                    sum += entry.getValue().offset();
                }
            }
            return sum;
        } catch (Exception e) {
            return 0;
        }
    }

    private static List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(CLICKS, p));
        }
        return partitions;
    }

    /** RocksDB's own figures for a store, from Kafka Streams' state metrics. */
    private static Map<String, Double> rocksDb(String store) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> figures = new HashMap<>();
        for (String attribute : List.of("estimate-num-keys", "total-sst-files-size", "size-all-mem-tables")) {
            double sum = 0;
            for (ObjectName name : server.queryNames(new ObjectName("kafka.streams:type=stream-state-metrics,"
                    + "rocksdb-state-id=" + store + ",*"), null)) {
                sum += ((Number) server.getAttribute(name, attribute)).doubleValue();
            }
            figures.put(attribute, sum);
        }
        return figures;
    }

    private static long directorySize(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /** One click per partition two minutes on, so every partition's watermark passes the minute. */
    private static void closeWindow(KafkaBroker kafka, long base) {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int p = 0; p < PARTITIONS; p++) {
                long time = base + 120_000;
                producer.send(new ProducerRecord<>(CLICKS, p, time, "closer".getBytes(StandardCharsets.UTF_8),
                        ("{\"event_id\":\"close-" + p + "\",\"user_id\":\"closer\",\"page\":\"/\",\"action\":\"click\","
                                + "\"timestamp\":" + time + "}").getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static long awaitActiveUsers(KafkaBroker kafka) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var record : kafka.awaitRecords("analytics.active_users_per_minute", 4, TIMEOUT)) {
            var row = json.readTree(record.value());
            if (row.get("segment").asText().equals("all")) {
                return row.get("active_users").asLong();
            }
        }
        return -1;
    }
}
