package io.rivulet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;


import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.local.LocalPipeline;
import io.rivulet.schemas.Topics;
import io.rivulet.simulator.Simulator;

/**
 * The whole local pipeline under load (shop simulator -> HTTP source with Validate and RedisEnrich -> aggregator
 * -> JDBC sink -> PostgreSQL), in two phases on one pipeline:
 * <ol>
 *   <li>latency, at a steady rate: probe clicks POSTed 10 times a second, timed until they are readable in
 *   clickstream.events; and for each window, the time from its close (end + grace) until its row is in
 *   PostgreSQL;</li>
 *   <li>throughput: a closed-loop flood of the listener ({@link FloodClients}: clients post the next array of clicks
 *   as soon as the last is acknowledged, so the pipeline, not the bench, sets the rate), timed until the aggregator
 *   has read every event; the aggregator's lag every second shows whether it kept up, the CPU of each group of
 *   threads where the time went; the baseline is a bare KafkaProducer writing the same number of JSON events in
 *   this JVM.</li>
 * </ol>
 * Usage: {@code PipelineBench <plugin zips dir> <connect-configs dir> [latency rate=1000] [seconds=40]
 * [flood seconds=20]}.
 * <p>Over 300 lines on purpose: a benchmark is a script, set-up, each measurement and its baseline read top to bottom
 * in one file.
 */
public final class PipelineBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final int FLOOD_CLIENTS = Integer.getInteger("flood.clients", 64);

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        Path zips = Paths.get(args[0]);
        Path configs = Paths.get(args[1]);
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        int floodSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        try (LocalPipeline pipeline = new LocalPipeline(new LocalPipeline.Options(WINDOW, GRACE, rate, 7L,
                Duration.ofSeconds(seconds), false, configs, zips, 3))) {
            pipeline.startServices();
            pipeline.deploy(pipeline.writeConfigs());
            pipeline.startAggregator();
            Probes probes = new Probes(pipeline);
            WindowWatch windows = new WindowWatch(pipeline);
            Simulator shop = pipeline.startSimulator(WorkDirs.fresh("truth").resolve("truth.json"));
            probes.start();
            windows.start();
            if (!shop.awaitDelivered(Duration.ofSeconds(seconds + 120))) {
                throw new IllegalStateException("the steady shop was not delivered: " + shop.stats());
            }
            Thread.sleep(WINDOW.plus(GRACE).toMillis() + 3_000);
            probes.stop();
            windows.stop();
            long steadyEvents = shop.stats().events();

            // Throughput: a closed-loop flood of the listener (clients post arrays of clicks as fast as they are
            // acknowledged, so the pipeline sets the rate), the aggregator's lag sampled every second, and the CPU
            // each group of threads of this JVM took over the flood.
            URI listener = URI.create(pipeline.listenerUrl());
            FloodClients.flood(listener, 1, "warm-up", 5, FLOOD_CLIENTS, () -> { }); // the JIT, not timed
            Waits.until("the aggregator to catch up after the warm-up", Duration.ofMinutes(5), () -> lag(pipeline),
                    lag -> lag == 0);
            long clicksBefore = HttpSourceBench.endOffsets(pipeline.kafka(), Topics.CLICKSTREAM_EVENTS);
            LagSamples lags = new LagSamples(pipeline);
            ThreadCpu cpu = ThreadCpu.start();
            long floodStart = System.nanoTime();
            lags.start();
            List<Map<String, Double>> cpuOfFlood = new ArrayList<>();
            FloodClients.Result flooded = FloodClients.flood(listener, 1, "flood", floodSeconds, FLOOD_CLIENTS,
                    () -> cpuOfFlood.add(cpu.coresSince((System.nanoTime() - floodStart) / 1e9)));
            double floodElapsed = (System.nanoTime() - floodStart) / 1e9;
            Map<String, Double> cores = cpuOfFlood.get(0);
            long floodEvents = flooded.acknowledged();
            double ingested = floodEvents / floodElapsed;
            long lagAtEnd = lag(pipeline);
            Waits.until("the aggregator to read every event", Duration.ofMinutes(10), () -> lag(pipeline),
                    lag -> lag == 0);
            double throughPipeline = floodEvents / ((System.nanoTime() - floodStart) / 1e9);
            lags.stop();
            long written = HttpSourceBench.endOffsets(pipeline.kafka(), Topics.CLICKSTREAM_EVENTS) - clicksBefore;
            if (written < floodEvents || floodEvents > flooded.sent()) {
                throw new IllegalStateException("not a valid run: " + written + " clicks written, " + floodEvents
                        + " acknowledged, " + flooded.sent() + " sent");
            }
            double producer = producerRate(pipeline, (int) floodEvents);

            System.out.printf("%nWhole pipeline on this machine (2 cores; broker, Connect, aggregator, simulator in one"
                    + " JVM, Redis and PostgreSQL as processes), JSON converter, windows of %d s + %d s grace%n",
                    WINDOW.toSeconds(), GRACE.toSeconds());
            System.out.println("| measure | result | article KPI |");
            System.out.println("|---|---|---|");
            System.out.printf("| steady load | %,d events at %,d/s offered for %d s | |%n", steadyEvents, rate,
                    seconds);
            Latencies post = probes.latencies;
            Latencies close = windows.latencies;
            System.out.printf("| POST -> readable in clickstream.events | p50 %d ms, p99 %d ms (%d probes) | "
                    + "< 500 ms end to end |%n", post.percentile(50), post.percentile(99), post.count());
            System.out.printf("| window close (end + grace) -> row in PostgreSQL | p50 %d ms, p99 %d ms (%d windows) |"
                    + " < 500 ms end to end |%n", close.percentile(50), close.percentile(99), close.count());
            System.out.printf("| flood, closed loop: clicks acknowledged by the listener | %,.0f events/s (%d clients, "
                    + "%d s; %,d sent, %,d acknowledged, %,d refused requests) | |%n", ingested, FLOOD_CLIENTS,
                    floodSeconds, flooded.sent(), floodEvents, flooded.refused());
            System.out.printf("| flood: through the aggregator (until it had read every event) | %,.0f events/s "
                    + "| >= 1M msg/s scaled out |%n", throughPipeline);
            System.out.printf("| flood: aggregator lag | %s | |%n", lags.describe(lagAtEnd, floodElapsed));
            System.out.printf("| flood: cores used in this JVM, by threads | %s | |%n", ThreadCpu.describe(cores));
            System.out.printf("| flood: the stage that set the rate | %s | |%n", saturated(lagAtEnd, ingested,
                    cores));
            System.out.printf("| baseline: bare KafkaProducer, same count of JSON events | %,.0f events/s | |%n",
                    producer);
            System.out.printf("ratio=%.3f%n", throughPipeline / producer);
        }
        System.exit(0);
    }

    /**
     * Which stage set the flood's rate: the aggregator when its lag grew past a second of the ingest rate (it fell
     * behind the listener); otherwise the listener's side, whose acknowledgements paced the clients.
     */
    private static String saturated(long lagAtEnd, double ingested, Map<String, Double> cores) {
        double total = cores.values().stream().mapToDouble(Double::doubleValue).sum();
        int available = Runtime.getRuntime().availableProcessors();
        String machine = String.format("this JVM used %.2f of %d cores", total, available);
        if (lagAtEnd > ingested) {
            return "the aggregator: it fell behind the listener (" + machine + ")";
        }
        if (total < 0.75 * available) {
            return "the listener's side (HTTP, SMTs, producer), not by CPU: " + machine + "; it waits on what is "
                    + "outside the JVM (Redis) or on acknowledgements; the aggregator kept up";
        }
        return "the listener's side (HTTP, SMTs, producer), CPU-bound: " + machine + "; the aggregator kept up";
    }

    /** The aggregator's lag, once a second while the flood runs and until it has read everything. */
    private static final class LagSamples {
        private final LocalPipeline pipeline;
        private final List<long[]> samples = new ArrayList<>(); // [ms since start, lag]
        private volatile boolean running = true;
        private Thread sampler;

        LagSamples(LocalPipeline pipeline) {
            this.pipeline = pipeline;
        }

        void start() {
            long started = System.nanoTime();
            sampler = new Thread(() -> {
                while (running) {
                    long lag = lag(pipeline);
                    synchronized (samples) {
                        samples.add(new long[] {(System.nanoTime() - started) / 1_000_000, lag});
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "lag-samples");
            sampler.setDaemon(true);
            sampler.start();
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.interrupt();
            sampler.join();
        }

        /** The largest lag, the lag when the flood ended, and how the lag grew per second during the flood. */
        String describe(long atEnd, double floodSeconds) {
            synchronized (samples) {
                long max = samples.stream().mapToLong(s -> s[1]).max().orElse(0);
                long firstMs = samples.isEmpty() ? 0 : samples.get(0)[0];
                long first = samples.isEmpty() ? 0 : samples.get(0)[1];
                double growth = (atEnd - first) / Math.max(0.001, floodSeconds - firstMs / 1000.0);
                return String.format("largest %,d events; %,d when the flood ended (grew %,.0f events/s over the "
                        + "flood); %d samples", max, atEnd, growth, samples.size());
            }
        }
    }

    /** Events the aggregator has not read yet, over both input topics. */
    private static long lag(LocalPipeline pipeline) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                pipeline.kafka().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                    LocalPipeline.AGGREGATOR_ID).partitionsToOffsetAndMetadata().get();
            long lag = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = pipeline.kafka().consumer()) {
                List<TopicPartition> inputs = new ArrayList<>();
                for (String topic : List.of(Topics.ORDERS_CREATED, Topics.CLICKSTREAM_EVENTS)) {
                    consumer.partitionsFor(topic).forEach(p -> inputs.add(new TopicPartition(topic, p.partition())));
                }
                for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(inputs).entrySet()) {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    lag += end.getValue() - (at == null ? 0 : at.offset());
                }
            }
            return lag;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Cannot read the aggregator's offsets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double producerRate(LocalPipeline pipeline, int events) {
        String topic = "bench.producer-baseline";
        pipeline.kafka().createTopic(topic, 3);
        byte[][] values = new byte[1000][];
        for (int i = 0; i < values.length; i++) {
            values[i] = ("{\"event_id\":\"b-" + i + "\",\"user_id\":\"u-" + i + "\",\"page\":\"/page-view/1\","
                    + "\"action\":\"page_view\",\"timestamp\":" + System.currentTimeMillis() + "}").getBytes();
        }
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = pipeline.kafka().producer()) {
            for (int i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(topic, ("u-" + i % 500).getBytes(), values[i % values.length]),
                        (metadata, e) -> {
                            if (e != null) {
                                throw new IllegalStateException("baseline send failed", e);
                            }
                        });
            }
            producer.flush();
        }
        return events / ((System.nanoTime() - started) / 1e9);
    }

    /** Probe clicks: sent time by event id, and the latency once each is readable. */
    private static final class Probes {
        private final LocalPipeline pipeline;
        private final Map<String, Long> sent = new ConcurrentHashMap<>();
        final Latencies latencies = new Latencies();
        private volatile boolean running = true;
        private Thread poster;
        private Thread reader;

        Probes(LocalPipeline pipeline) {
            this.pipeline = pipeline;
        }

        void start() {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            poster = new Thread(() -> {
                for (int i = 0; running; i++) {
                    String id = "probe-" + i;
                    long now = System.currentTimeMillis();
                    String click = "{\"event_id\":\"" + id + "\",\"user_id\":\"u-1\",\"page\":\"/probe\","
                            + "\"action\":\"click\",\"timestamp\":" + now + "}";
                    sent.put(id, System.nanoTime());
                    try {
                        http.send(HttpRequest.newBuilder(URI.create(pipeline.listenerUrl())).POST(
                                HttpRequest.BodyPublishers.ofString(click)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        Thread.sleep(100);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            reader = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = pipeline.kafka().consumer()) {
                    List<TopicPartition> partitions = new ArrayList<>();
                    consumer.partitionsFor(Topics.CLICKSTREAM_EVENTS).forEach(p -> partitions.add(
                            new TopicPartition(Topics.CLICKSTREAM_EVENTS, p.partition())));
                    consumer.assign(partitions);
                    consumer.seekToEnd(partitions);
                    while (running) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                            long now = System.nanoTime();
                            String id = JSON.readTree(record.value()).path("payload").path("event_id").asText();
                            Long at = sent.remove(id);
                            if (at != null) {
                                latencies.add((now - at) / 1_000_000);
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            reader.start();
            poster.start();
        }

        void stop() throws InterruptedException {
            running = false;
            poster.join();
            reader.join();
        }

    }

    /** Polls PostgreSQL for new windows; latency from each window's close (end + grace) to its first row. */
    private static final class WindowWatch {
        private final LocalPipeline pipeline;
        private final Map<Long, Long> seen = new ConcurrentHashMap<>();
        final Latencies latencies = new Latencies();
        private volatile boolean running = true;
        private Thread thread;

        WindowWatch(LocalPipeline pipeline) {
            this.pipeline = pipeline;
        }

        void start() {
            long startedMs = System.currentTimeMillis();
            thread = new Thread(() -> {
                while (running) {
                    try (Connection c = pipeline.database().connect(); Statement s = c.createStatement()) {
                        while (running) {
                            try (ResultSet r = s.executeQuery("SELECT (extract(epoch from window_start) * 1000)"
                                    + "::bigint FROM funnel_per_minute UNION SELECT (extract(epoch from window_start)"
                                    + " * 1000)::bigint FROM sales_per_minute")) {
                                long now = System.currentTimeMillis();
                                while (r.next()) {
                                    long start = r.getLong(1);
                                    if (seen.putIfAbsent(start, now) == null && start > startedMs) {
                                        latencies.add(now - (start + WINDOW.toMillis() + GRACE.toMillis()));
                                    }
                                }
                            }
                            Thread.sleep(20);
                        }
                    } catch (Exception e) {
                        try {
                            Thread.sleep(200); // tables not created yet
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            });
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

    }

    /** Latencies in ms, added from one thread and read from another. */
    private static final class Latencies {
        private final List<Long> values = Collections.synchronizedList(new ArrayList<>());

        void add(long ms) {
            values.add(ms);
        }

        int count() {
            return values.size();
        }

        long percentile(int p) {
            List<Long> sorted;
            synchronized (values) {
                sorted = new ArrayList<>(values);
            }
            if (sorted.isEmpty()) {
                return -1;
            }
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }
}
