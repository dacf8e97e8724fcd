package io.rivulet.bench;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;



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
            AggregatorLag lags = new AggregatorLag(pipeline);
            ProbeClicks probes = new ProbeClicks(pipeline, URI.create(pipeline.listenerUrl()));
            WindowCloseWatch windows = new WindowCloseWatch(pipeline, WINDOW, GRACE);
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
            Waits.until("the aggregator to catch up after the warm-up", Duration.ofMinutes(5), lags::now,
                    lag -> lag == 0);
            long clicksBefore = HttpSourceBench.endOffsets(pipeline.kafka(), Topics.CLICKSTREAM_EVENTS);
                ThreadCpu cpu = ThreadCpu.start();
            long floodStart = System.nanoTime();
            lags.startSampling();
            List<Map<String, Double>> cpuOfFlood = new ArrayList<>();
            FloodClients.Result flooded = FloodClients.flood(listener, 1, "flood", floodSeconds, FLOOD_CLIENTS,
                    () -> cpuOfFlood.add(cpu.coresSince((System.nanoTime() - floodStart) / 1e9)));
            double floodElapsed = (System.nanoTime() - floodStart) / 1e9;
            Map<String, Double> cores = cpuOfFlood.get(0);
            long floodEvents = flooded.acknowledged();
            double ingested = floodEvents / floodElapsed;
            long lagAtEnd = lags.now();
            Waits.until("the aggregator to read every event", Duration.ofMinutes(10), lags::now,
                    lag -> lag == 0);
            double throughPipeline = floodEvents / ((System.nanoTime() - floodStart) / 1e9);
            lags.stopSampling();
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
            lags.close();
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
}
