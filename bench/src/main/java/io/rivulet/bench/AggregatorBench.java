package io.rivulet.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.aggregator.AggregatorApp;
import io.rivulet.aggregator.AggregatorConfig;
import io.rivulet.bench.AppUnderBench.Kind;
import io.rivulet.bench.AppUnderBench.Measured;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;

/**
 * The aggregator against baselines measured in the same run on the same topics (6 partitions each, keyed by user and
 * customer as the sources write them), with the broker in a JVM of its own: a bare KafkaConsumer; then, each in a
 * JVM of its own ({@link AppUnderBench}), started once and paused between rounds, a trivial Kafka Streams
 * exactly-once app (count records, no state), the same app parsing each value as the aggregator does, and the
 * aggregator with 1 and with 2 stream threads. Each round adds a minute of clicks from the same N users (one each)
 * plus orders, which each app reads in turn; the first rounds warm the JIT up, the median of the others by ratio is
 * reported with each round's CPU time per event. Then the state one minute of N distinct users takes, and a new
 * instance restoring it from the inputs; and, on live traffic with one-second windows, the time from a window's
 * close (every partition past its end plus grace) to its row in the output topic. Usage:
 * {@code AggregatorBench [clicks=1000000] [setting=value ...]}; prints, last,
 * {@code ratio=<aggregator with 1 thread / trivial Streams app>}.
 */
public final class AggregatorBench {
    private static final String CLICKS = "bench.clicks";
    private static final String ORDERS = "bench.orders";
    private static final int PARTITIONS = 6;
    private static final int ROUNDS = 9;
    private static final int WARM_UP_ROUNDS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AggregatorBench() {
    }

    public static void main(String[] args) throws Exception {
        int clicks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int orders = clicks / 10;
        // Any further setting, e.g. commit.interval.ms=1000.
        Map<String, Object> extra = AppUnderBench.settings(args, 1);
        try (KafkaBroker kafka = KafkaBroker.startInChildJvm(Map.of(), List.of("-Xmx1g"))) {
            kafka.createTopic(CLICKS, PARTITIONS);
            kafka.createTopic(ORDERS, PARTITIONS);
            long base = System.currentTimeMillis() - 3_600_000L;
            base -= base % 60_000;
            int events = clicks + orders;
            long bytes = 0;
            double consumer = 0;
            List<double[]> rounds = new ArrayList<>();
            List<Double> twoThreadRates = new ArrayList<>();
            long lastMinute = base;
            try (AppUnderBench.Child trivialApp = child(Kind.TRIVIAL, "-Xmx1g", kafka, extra);
                 AppUnderBench.Child parsingApp = child(Kind.PARSING, "-Xmx1g", kafka, extra);
                 AppUnderBench.Child aggregator = child(Kind.AGGREGATOR, "-Xmx2g", kafka, extra)) {
                trivialApp.start("trivial-bench", 1);
                parsingApp.start("parsing-bench", 1);
                aggregator.start("aggregator-bench-1-thread", 1);
                aggregator.start("aggregator-bench-2-threads", 2);
                // Round by round a new minute of the same users (and new orders), read by each app in turn: the
                // machine's speed drifts (the broker shares its cores), so each round's ratio compares runs seconds
                // apart, and the median round is reported. The first rounds warm the JIT up, as in a deployment.
                for (int round = 1; round <= WARM_UP_ROUNDS + ROUNDS; round++) {
                    lastMinute = base + (round - 1) * 60_000L;
                    long produced = produce(kafka, clicks, orders, lastMinute, round);
                    if (round == 1) {
                        bytes = produced;
                        consumerRate(kafka, events); // warm-up
                        consumer = consumerRate(kafka, events);
                    }
                    long total = (long) round * events;
                    Measured trivial = trivialApp.run("trivial-bench", total);
                    Measured parsing = parsingApp.run("parsing-bench", total);
                    Measured oneThread = aggregator.run("aggregator-bench-1-thread", total);
                    Measured twoThreads = aggregator.run("aggregator-bench-2-threads", total);
                    if (round > WARM_UP_ROUNDS) {
                        rounds.add(new double[] {trivial.rate(), parsing.rate(), oneThread.rate(),
                            oneThread.rate() / trivial.rate(), trivial.cpuPerEvent(), oneThread.cpuPerEvent(),
                            trivial.compileMs(), oneThread.compileMs()});
                        twoThreadRates.add(twoThreads.rate());
                    }
                }
            }
            twoThreadRates.sort(null);
            double twoThreads = twoThreadRates.get(twoThreadRates.size() / 2);
            long allEvents = (long) (WARM_UP_ROUNDS + ROUNDS) * events;
            List<double[]> byRatio = new ArrayList<>(rounds);
            byRatio.sort(Comparator.comparingDouble(round -> round[3]));
            double[] median = byRatio.get(byRatio.size() / 2);
            double trivial = median[0];
            double parsing = median[1];
            double oneThread = median[2];

            Map<String, Object> settings = settings(kafka, "aggregator-bench-1", extra);
            settings.put("num.stream.threads", "1");
            // A closed Streams instance does not leave its group: its successor waits out the session.
            settings.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "6000");
            Map<String, Double> state;
            long users;
            AggregatorApp app = new AggregatorApp(new AggregatorConfig(settings));
            try {
                app.start();
                Waits.until("all records processed by aggregator-bench-1", TIMEOUT,
                        () -> AppUnderBench.committed(kafka.admin(), "aggregator-bench-1", CLICKS, ORDERS),
                        n -> n >= allEvents);
                Thread.sleep(1_500); // the figures are set every second
                state = openWindows("clicks-");
            } finally {
                app.close();
            }
            // A new instance with empty local state: it reads the open minute's 1M users again from the inputs.
            settings.put("state.dir", WorkDirs.fresh("aggregator-bench-1-restored").toString());
            app = new AggregatorApp(new AggregatorConfig(settings));
            long restoreMs;
            long rowMs;
            try {
                long started = System.nanoTime();
                app.start();
                AggregatorApp running = app;
                Waits.until("the restored aggregator to run", TIMEOUT, () -> running.streams().state(),
                        now -> now == KafkaStreams.State.RUNNING);
                restoreMs = (System.nanoTime() - started) / 1_000_000;
                closeWindow(kafka, lastMinute);
                users = awaitActiveUsers(kafka, lastMinute);
                rowMs = (System.nanoTime() - started) / 1_000_000;
            } finally {
                app.close();
            }
            List<Long> latencies = closeLatencies(kafka, extra);

            System.out.printf("input per round: %,d clicks of %,d distinct users in one minute of event time and %,d "
                    + "orders, %.0f bytes each (JSON), %d partitions per topic; %d rounds, the first %d to warm up%n",
                    clicks, clicks, orders, (double) bytes / events, PARTITIONS, WARM_UP_ROUNDS + ROUNDS,
                    WARM_UP_ROUNDS);
            System.out.printf("bare KafkaConsumer: %,.0f records/s (read_committed, the first round's records, second "
                    + "pass)%n", consumer);
            for (double[] round : rounds) { // in the order they ran
                System.out.printf("round: trivial app %,.0f/s, parsing app %,.0f/s, aggregator %,.0f/s, ratio %.2f; "
                        + "CPU per event of the app's threads: trivial %.0f ns, aggregator %.0f ns (%.2f); JIT "
                        + "compiling during the run: trivial %.0f ms, aggregator %.0f ms%n", round[0], round[1],
                        round[2], round[3], round[4], round[5], round[4] / round[5], round[6], round[7]);
            }
            System.out.printf("median of %d rounds (by ratio):%n", ROUNDS);
            System.out.printf("trivial Kafka Streams app (count records, no state), exactly-once v2: %,.0f records/s "
                    + "= %.2f of the consumer%n", trivial, trivial / consumer);
            System.out.printf("the same app also reading each value as the aggregator does (the fields it needs, one "
                    + "pass): %,.0f records/s = %.2f of the trivial app (about the most the ratio below can be: the "
                    + "aggregator does this and more, though one app's round may beat the other's by 10%%)%n", parsing,
                    parsing / trivial);
            System.out.printf("aggregator, 1 stream thread: %,.0f events/s (%,.0f per partition task, %d tasks of "
                    + "input partitions on the thread); exact distinct counts, changelogs, exactly-once v2%n",
                    oneThread, oneThread / (2 * PARTITIONS), 2 * PARTITIONS);
            System.out.printf("aggregator, 2 stream threads: %,.0f events/s in its median round (%.2fx one thread, on "
                    + "%d cores)%n",
                    twoThreads, twoThreads / oneThread, Runtime.getRuntime().availableProcessors());
            System.out.printf("a new instance with empty local state (its open minute read again from the inputs): "
                    + "running after %,d ms (the old member's 6 s session included; KafkaInputLog lines above give "
                    + "each partition's restore), the minute's row written %,d ms after start; active users in it: %,d "
                    + "(expected %,d)%n", restoreMs, rowMs, users, clicks);
            System.out.printf("state for %,d distinct users in one open minute: %,.0f members in memory, %.1f MiB "
                    + "(%.0f bytes per user; open-window-members and -bytes metrics)%n", clicks,
                    state.get("open-window-members"), state.get("open-window-bytes") / 1048576,
                    state.get("open-window-bytes") / clicks);
            System.out.printf("window close -> row in the output topic, %d one-second windows of live traffic (after "
                    + "5 s of warm-up): "
                    + "p50 %d ms, p99 %d ms, max %d ms (the five slowest: %s)%n", latencies.size(),
                    percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1),
                    latencies.subList(Math.max(0, latencies.size() - 5), latencies.size()));
            System.out.printf("ratio=%.2f%n", oneThread / trivial);
        }
        System.exit(0);
    }

    private static Map<String, Object> settings(KafkaBroker kafka, String applicationId, Map<String, Object> extra) {
        return AppUnderBench.aggregatorSettings(kafka.bootstrapServers(), applicationId, CLICKS, ORDERS, extra);
    }

    /** A JVM of its own for one kind of app, with JFR and further options if the bench was asked for them. */
    private static AppUnderBench.Child child(Kind kind, String heap, KafkaBroker kafka, Map<String, Object> extra) {
        List<String> options = new ArrayList<>(List.of(heap,
                "-Drivulet.work.dir=" + System.getProperty("rivulet.work.dir", "target")));
        String jfr = System.getProperty("bench.jfr.settings", "");
        if (!jfr.isEmpty()) { // each app's profile in a file of its own: bench/target/<kind>.jfr
            options.add("-XX:StartFlightRecording=filename=bench/target/" + kind.id() + ".jfr,settings="
                    + jfr);
        }
        String more = System.getProperty("bench.app.jvm.options", "");
        if (!more.isBlank()) {
            options.addAll(List.of(more.trim().split("\\s+")));
        }
        return AppUnderBench.Child.start(kind, options, kafka.bootstrapServers(), CLICKS, ORDERS, extra,
                Path.of("bench/target/" + kind.id() + "-app.log"));
    }

    /**
     * A minute of clicks from {@code base}, one per user (the same users every minute), actions cycling through the
     * funnel; an order per ten, with ids new in each {@code round}. Returns the values' bytes.
     */
    private static long produce(KafkaBroker kafka, int clicks, int orders, long base, int round) {
        String[] actions = {"page_view", "add_to_cart", "checkout", "purchase", "click"};
        String[] segments = {"new", "returning", "vip"};
        String[] currencies = {"EUR", "USD", "GBP"};
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < clicks; i++) {
                long time = base + (long) i * 59_000 / clicks;
                String user = "u-" + i;
                bytes += send(producer, CLICKS, user, time, "{\"event_id\":\"e-" + round + "-" + i
                        + "\",\"user_id\":\"" + user
                        + "\",\"page\":\"/p\",\"action\":\"" + actions[i % actions.length] + "\",\"timestamp\":"
                        + time + ",\"segment\":\"" + segments[i % segments.length] + "\"}");
                if (i % 10 == 0 && i / 10 < orders) {
                    bytes += send(producer, ORDERS, "c-" + i, time, "{\"order_id\":\"o-" + round + "-" + i
                            + "\",\"customer_id\":"
                            + "\"c-" + i + "\",\"total_amount\":" + (10 + i % 90) + ".5,\"currency\":\""
                            + currencies[i % currencies.length] + "\",\"order_ts\":" + time + "}");
                }
            }
            producer.flush();
        }
        return bytes;
    }

    /** Sends one record keyed as the sources key them (the default partitioner puts a key in one partition). */
    private static int send(KafkaProducer<byte[], byte[]> producer, String topic, String key, long time,
                            String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, null, time, key.getBytes(StandardCharsets.UTF_8), value));
        return value.length;
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

    private static List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(CLICKS, p));
            partitions.add(new TopicPartition(ORDERS, p));
        }
        return partitions;
    }

    /** The open windows' figures of the tasks whose aggregator id starts with {@code prefix}, summed. */
    private static Map<String, Double> openWindows(String prefix) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> figures = new HashMap<>();
        for (String attribute : List.of("open-window-members", "open-window-bytes")) {
            double sum = 0;
            for (ObjectName name : server.queryNames(new ObjectName(
                    "kafka.streams:type=stream-rivulet-aggregator-metrics,*"), null)) {
                if (name.getKeyProperty("rivulet-aggregator-id").startsWith(prefix)) {
                    Object value = server.getAttribute(name, attribute);
                    sum += value instanceof Number ? ((Number) value).doubleValue() : 0;
                }
            }
            figures.put(attribute, sum);
        }
        return figures;
    }

    /** One click per partition two minutes on, so every partition's time passes the minute. */
    private static void closeWindow(KafkaBroker kafka, long base) {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            long time = base + 120_000;
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(CLICKS, p, time, ("closer-" + p).getBytes(StandardCharsets.UTF_8),
                        ("{\"event_id\":\"close-" + p + "\",\"user_id\":\"closer-" + p + "\",\"page\":\"/\","
                                + "\"action\":\"click\",\"timestamp\":" + time + "}")
                                .getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** The active users in the row of the window starting at {@code windowStart}, once it is written. */
    private static long awaitActiveUsers(KafkaBroker kafka, long windowStart) throws Exception {
        try (KafkaConsumer<byte[], byte[]> output = kafka.consumer()) {
            List<TopicPartition> rows = TopicTally.partitions(output, List.of("aggregator-bench-1.active_users"));
            output.assign(rows);
            output.seekToBeginning(rows);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : output.poll(Duration.ofMillis(50))) {
                    JsonNode row = JSON.readTree(record.value());
                    if (row.get("segment").asText().equals("all") && row.get("window_start").asLong() == windowStart) {
                        return row.get("active_users").asLong();
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Live traffic with one-second windows (grace 200 ms) at about 3,000 events/s over 6 partitions: for each
     * window, the time from its close (the first event at or past its end plus grace sent to the last of the
     * partitions) to its active-users row in the output topic, read committed. Sorted, in ms.
     */
    private static List<Long> closeLatencies(KafkaBroker kafka, Map<String, Object> extra) throws Exception {
        String clicks = "bench.live.clicks";
        String orders = "bench.live.orders";
        kafka.createTopic(clicks, PARTITIONS);
        kafka.createTopic(orders, PARTITIONS);
        Map<String, Object> settings = settings(kafka, "aggregator-live", extra);
        settings.put("input.clicks.topic", clicks);
        settings.put("input.orders.topic", orders);
        settings.put("window.size.ms", "1000");
        settings.put("window.grace.ms", "200");
        settings.put("num.stream.threads", "1");
        Map<Long, Long> closedAt = new ConcurrentHashMap<>();
        Map<Long, Long> writtenAt = new ConcurrentHashMap<>();
        long[] warmedUpAt = {Long.MAX_VALUE};
        AggregatorApp app = new AggregatorApp(new AggregatorConfig(settings));
        try (KafkaConsumer<byte[], byte[]> output = kafka.consumer()) {
            app.start();
            Waits.until("the live aggregator to run", TIMEOUT, () -> app.streams().state(),
                    state -> state == KafkaStreams.State.RUNNING);
            List<TopicPartition> rows = TopicTally.partitions(output, List.of("aggregator-live.active_users"));
            output.assign(rows);
            output.seekToBeginning(rows);
            warmedUpAt[0] = System.currentTimeMillis() + 5_000; // the first windows warm the JIT up: not counted
            Thread traffic = new Thread(() -> liveTraffic(kafka, clicks, closedAt, 35_000), "live-traffic");
            traffic.start();
            long until = System.currentTimeMillis() + 45_000;
            while (System.currentTimeMillis() < until) {
                for (var record : output.poll(Duration.ofMillis(20))) {
                    JsonNode row = JSON.readTree(record.value());
                    if (row.get("segment").asText().equals("all")) {
                        writtenAt.putIfAbsent(row.get("window_start").asLong(), System.currentTimeMillis());
                    }
                }
            }
            traffic.join();
        } finally {
            app.close();
        }
        List<Long> latencies = new ArrayList<>();
        writtenAt.forEach((start, written) -> {
            Long closed = closedAt.get(start);
            if (closed != null && closed >= warmedUpAt[0]) {
                latencies.add(written - closed);
            }
        });
        latencies.sort(null);
        return latencies;
    }

    /** Clicks with event time now, round robin over the partitions; notes when each window closed. */
    private static void liveTraffic(KafkaBroker kafka, String topic, Map<Long, Long> closedAt, long durationMs) {
        Map<Long, Integer> partitionsPast = new HashMap<>();
        long end = System.currentTimeMillis() + durationMs;
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            while (System.currentTimeMillis() < end) {
                for (int p = 0; p < PARTITIONS; p++) {
                    long now = System.currentTimeMillis();
                    String user = "u-" + p + "-" + (sent++ % 500);
                    producer.send(new ProducerRecord<>(topic, p, now, user.getBytes(StandardCharsets.UTF_8),
                            ("{\"event_id\":\"e-" + sent + "\",\"user_id\":\"" + user + "\",\"page\":\"/\","
                                    + "\"action\":\"page_view\",\"timestamp\":" + now + "}")
                                    .getBytes(StandardCharsets.UTF_8)));
                    // The window whose end plus grace this event reaches: closed once every partition got one.
                    long closes = now - 1200 - Math.floorMod(now - 1200, 1000);
                    if (partitionsPast.merge(closes, 1, Integer::sum) == PARTITIONS) {
                        closedAt.putIfAbsent(closes, System.currentTimeMillis());
                    }
                }
                producer.flush();
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
