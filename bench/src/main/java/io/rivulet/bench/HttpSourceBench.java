package io.rivulet.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectRestClient;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.Waits;
import io.rivulet.schemas.AvroSchemas;
import io.rivulet.schemas.ConnectSchemas;
import io.rivulet.simulator.ShopOrdersApi;

/**
 * Whole-connector runs on this machine, each against a baseline measured in the same run on the same broker:
 * pull throughput versus a bare KafkaProducer sending records of the same size with the same producer settings
 * ({@link ListenerBench} measures the listener).
 *
 * <p>Usage: {@code HttpSourceBench <plugin zips dir> [orders]}.
 * <p>Over 300 lines on purpose: a benchmark is a script, set-up, each measurement and its baseline read top to bottom
 * in one file.
 */
public final class HttpSourceBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int ROUNDS = 3;
    /**
     * Both HTTP connectors write string keys and schemaless JSON values here (JsonConverter's cost is measured
     * apart).
     */
    static final Map<String, String> STRING_KEYS_JSON_VALUES = Map.of(
            "key.converter", "org.apache.kafka.connect.storage.StringConverter",
            "value.converter", "org.apache.kafka.connect.json.JsonConverter",
            "value.converter.schemas.enable", "false");
    /** The same producer settings for the connector (as overrides) and for the baseline producer. */
    static final Map<String, String> PRODUCER = Map.of(
            "linger.ms", "5", "batch.size", "262144", "max.in.flight.requests.per.connection", "5",
            "enable.idempotence", "true", "acks", "all", "compression.type", "none");

    private HttpSourceBench() {
    }

    public static void main(String[] args) throws Exception {
        Path zips = Paths.get(args[0]);
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        try (KafkaBroker kafka = KafkaBroker.start();
             ConnectCluster connect = ConnectCluster.builder(kafka).pluginPath(PluginInstaller.install(zips))
                     .start();
             ShopOrdersApi shop = ShopOrdersApi.onLoopback(ShopOrdersApi.Interceptor.NONE);
             ShopOrdersApi shop2 = ShopOrdersApi.onLoopback(ShopOrdersApi.Interceptor.NONE)) {
            for (int n = 1; n <= orders; n++) {
                shop.add(ShopOrdersApi.sampleOrder(n, "o-"));
                shop2.add(ShopOrdersApi.sampleOrder(n, "s2-"));
            }
            // Every measurement runs after a warm-up that is not timed: class loading and the JIT take most of a
            // core for the first ten seconds or so. Runs of 300,000 records (under a second for the trivial
            // connector) were measured while C2 still compiled the send path (ratios 0.31-0.52), and with one
            // warm-up run each the first timed round still came out lowest: each app runs twice before it is timed.
            // The warm-up also fills the shops' page caches. Then rounds of pull and trivial connector in turn,
            // seconds apart; the median round by ratio is reported.
            pullRate(kafka, connect.rest(), List.of(shop, shop2), 2 * orders, "warmup");
            trivialRate(kafka, connect.rest(), orders, "warmup");
            pullRate(kafka, connect.rest(), List.of(shop), orders, "warmup-one-task");
            trivialRate(kafka, connect.rest(), orders, "warmup-2");
            List<double[]> rounds = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                double pullRound = pullRate(kafka, connect.rest(), List.of(shop), orders, "one-task-" + round);
                double trivialRound = trivialRate(kafka, connect.rest(), orders, "timed-" + round);
                rounds.add(new double[] {pullRound, trivialRound, pullRound / trivialRound});
                System.out.printf("round %d: pull %,.0f records/s, trivial connector %,.0f records/s, ratio %.2f%n",
                        round, pullRound, trivialRound, pullRound / trivialRound);
            }
            rounds.sort(Comparator.comparingDouble(round -> round[2]));
            double pull = rounds.get(ROUNDS / 2)[0];
            double ceiling = rounds.get(ROUNDS / 2)[1];
            double scaled = pullRate(kafka, connect.rest(), List.of(shop, shop2), 2 * orders, "two-tasks");
            double avgBytes = averageValueBytes(kafka, "bench.pull.one-task-1");
            double producer = producerRate(kafka, orders, (int) Math.round(avgBytes));
            double converter = jsonConverterRate();
            System.out.printf("median of %d rounds (by ratio):%n", ROUNDS);
            System.out.printf("pull, one endpoint, one task: %,.0f records/s into Kafka (%d orders, %.0f-byte values,"
                    + " JsonConverter)%n", pull, orders, avgBytes);
            System.out.printf("pull, two endpoints on two tasks: %,.0f records/s (%d orders in all)%n", scaled,
                    2 * orders);
            System.out.printf("bare KafkaProducer: %,.0f records/s (same size, same producer settings)%n", producer);
            System.out.printf("a trivial source connector (the same order Structs made in memory, the same converter, "
                    + "producer settings and worker, one task): %,.0f records/s = %.2f of the producer%n", ceiling,
                    ceiling / producer);
            System.out.printf("pull, two tasks / bare producer: %.2f%n", scaled / producer);
            System.out.printf("where a task's time goes: JsonConverter alone turns %,.0f order Structs/s into bytes "
                    + "on one thread (%.1f us each), the bare producer sends one record per %.1f us%n", converter,
                    1e6 / converter, 1e6 / producer);
            // Our own cost on top of Connect's: the same records from a file instead of an HTTP API.
            System.out.printf("ratio=%.2f%n", pull / ceiling);
        }
        System.exit(0); // the HTTP clients' pools are not daemon threads
    }

    /** Pulls every order of the shops, one endpoint per shop, as many tasks as shops. */
    private static double pullRate(KafkaBroker kafka, ConnectRestClient rest, List<ShopOrdersApi> shops, int orders,
                                   String run) throws Exception {
        String topic = "bench.pull." + run;
        kafka.admin().createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.rivulet.connect.http.HttpPullSourceConnector");
        config.put("http.url", "http://127.0.0.1:{endpoint}/orders");
        config.put("endpoints",
                String.join(",", shops.stream().map(shop -> Integer.toString(shop.url().getPort())).toList()));
        config.put("tasks.max", Integer.toString(shops.size()));
        config.put("topic", topic);
        config.put("http.limit.param", "limit");
        config.put("http.limit", "2000");
        config.put("http.records.pointer", "/data/orders");
        config.put("record.schema.inline", AvroSchemas.ORDER_V2.json());
        config.put("record.key.pointer", "/customer_id");
        config.put("record.timestamp.pointer", "/order_ts");
        config.putAll(STRING_KEYS_JSON_VALUES);
        PRODUCER.forEach((key, value) -> config.put("producer.override." + key, value));
        return ingestRate(kafka, rest, "bench-pull-" + run, config, topic, orders);
    }

    /**
     * What one task of a trivial source connector reaches here with the same records: the test kit's sequence
     * source makes the shop's sample orders as order-v2 Structs in memory, written with the same converter.
     */
    private static double trivialRate(KafkaBroker kafka, ConnectRestClient rest, int records, String run)
            throws Exception {
        String topic = "bench.trivial." + run;
        kafka.admin().createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        Map<String, String> config = new HashMap<>(Map.of("connector.class", "SequenceSourceConnector",
                "topic", topic, "sequence.count", Integer.toString(records), "batch.size", "2000",
                "sequence.value", "order"));
        config.putAll(STRING_KEYS_JSON_VALUES);
        PRODUCER.forEach((key, value) -> config.put("producer.override." + key, value));
        return ingestRate(kafka, rest, "bench-trivial-" + run, config, topic, records);
    }

    /**
     * Starts a source connector writing {@code records} records to a 3-partition topic and returns records/s,
     * timed from the first record on (task start-up is not throughput). A failed task ends the run at once.
     */
    private static double ingestRate(KafkaBroker kafka, ConnectRestClient rest, String name,
                                     Map<String, String> config, String topic, int records) {
        rest.putConnectorConfig(name, config);
        try (KafkaConsumer<byte[], byte[]> probe = kafka.consumer()) { // one consumer for all probes: cheap
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            Waits.until("the first records in " + topic, TIMEOUT, () -> sum(probe.endOffsets(partitions)),
                    n -> n > 0);
            long started = System.nanoTime();
            ThreadCpu cpu = ThreadCpu.start();
            long first = sum(probe.endOffsets(partitions));
            long written = Waits.until(records + " records in " + topic, TIMEOUT, () -> {
                if (rest.status(name).anyTaskIn("FAILED")) {
                    return -1L;
                }
                return sum(probe.endOffsets(partitions));
            }, n -> n < 0 || n >= records);
            if (written < 0) {
                throw new IllegalStateException(name + " failed: " + rest.status(name));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = (records - first) / seconds;
            System.out.printf("%s: %,.0f records/s; cores used by threads: %s%n", name, rate,
                    ThreadCpu.describe(cpu.coresSince(seconds)));
            rest.deleteConnector(name);
            return rate;
        }
    }

    /** The worker's value converter on its own: order Structs to JSON bytes, one thread, after a warm-up. */
    private static double jsonConverterRate() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        Struct[] orders = new Struct[1000];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = new Struct(ConnectSchemas.ORDER_V2).put("order_id", "o-" + i)
                    .put("customer_id", "c-" + i % 97).put("total_amount", 10.5 + i).put("currency", "EUR")
                    .put("order_ts", new Date(1_700_000_000_000L + i))
                    .put("promo_code", i % 3 == 0 ? "WELCOME10" : null);
        }
        long bytes = 0;
        for (int i = 0; i < 2_000_000; i++) { // warm-up
            bytes += converter.fromConnectData("bench", ConnectSchemas.ORDER_V2, orders[i % orders.length]).length;
        }
        int count = 2_000_000;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            bytes += converter.fromConnectData("bench", ConnectSchemas.ORDER_V2, orders[i % orders.length]).length;
        }
        double rate = count / ((System.nanoTime() - started) / 1e9);
        return bytes > 0 ? rate : 0;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The sum of the topic's end offsets (transaction markers included). */
    static long endOffsets(KafkaBroker kafka, String topic) {
        return sum(TopicTally.ends(kafka, topic));
    }

    static double averageValueBytes(KafkaBroker kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long bytes = 0;
            int count = 0;
            while (count < 1000) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    bytes += record.value().length;
                    count++;
                }
            }
            return (double) bytes / count;
        }
    }

    static double producerRate(KafkaBroker kafka, int records, int valueBytes) throws Exception {
        return producerRate(kafka, valueBytes, sent -> sent < records, sent -> sent < records);
    }

    /**
     * The bare producer over {@code seconds} after a warm-up of {@code warmUpSeconds}: a fixed span rather than a
     * fixed count, since two million records took a second or less, and the rate of so short a run swung from 0.9M
     * to 2.4M records/s between runs in one JVM (over 10 s: 1.34M-1.40M).
     */
    static double producerRateOver(KafkaBroker kafka, int warmUpSeconds, int seconds, int valueBytes)
            throws Exception {
        return producerRate(kafka, valueBytes, forSeconds(warmUpSeconds), forSeconds(seconds));
    }

    /** True until {@code seconds} after it is first asked (with 0 records sent), looking at the clock every 1,000. */
    private static java.util.function.LongPredicate forSeconds(int seconds) {
        long[] until = new long[1];
        return sent -> {
            if (sent == 0) {
                until[0] = System.nanoTime() + seconds * 1_000_000_000L;
            }
            return sent % 1000 != 0 || System.nanoTime() < until[0];
        };
    }

    /** Sends while {@code warmUp}, then (timed) while {@code timed}, each asked with the records sent so far. */
    private static double producerRate(KafkaBroker kafka, int valueBytes, java.util.function.LongPredicate warmUp,
                                       java.util.function.LongPredicate timed) throws Exception {
        try {
            kafka.admin().createTopics(List.of(new NewTopic("bench.producer", 3, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
        }
        Map<String, Object> props = new HashMap<>(PRODUCER);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        byte[] value = new byte[valueBytes];
        Arrays.fill(value, (byte) 'x');
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; warmUp.test(i); i++) { // not timed
                producer.send(new ProducerRecord<>("bench.producer", ("c-" + (i % 10)).getBytes(), value));
            }
            producer.flush();
            AtomicInteger failed = new AtomicInteger();
            long started = System.nanoTime();
            long sent = 0;
            for (; timed.test(sent); sent++) {
                producer.send(new ProducerRecord<>("bench.producer", ("c-" + (sent % 10)).getBytes(), value),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
            double rate = sent / ((System.nanoTime() - started) / 1e9);
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " baseline sends failed: the baseline is not valid");
            }
            return rate;
        }
    }

    static long pct(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
