package io.rivulet.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectRestClient;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.Ports;
import io.rivulet.schemas.AvroSchemas;

/**
 * The listener in a worker on this machine: an open loop of single-event POSTs at a fixed rate for POST-to-202 and
 * POST-to-topic latency after a warm-up at that rate, then, after an untimed flood, five rounds of a flood (clients
 * posting arrays of 100 events as fast as they are acknowledged) and a bare KafkaProducer sending records of the same
 * size with the same settings for as long as a flood round; the median round by ratio is reported. The broker runs
 * in a JVM of its own; the worker (with the listener) and the bare producer run in this one.
 *
 * <p>Usage: {@code ListenerBench <plugin zips dir> [flood seconds per round] [latency rate/s] [latency seconds]
 * [flood tasks]}.
 * Last line: {@code ratio=<listener acknowledged events/s / bare producer events/s>}.
 */
public final class ListenerBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int BATCH = FloodClients.BATCH;
    /** Browsers post at once from many pages: a listener sees many concurrent requests, each waiting for its write. */
    private static final int FLOOD_CLIENTS = Integer.getInteger("flood.clients", 64);
    private static final int ROUNDS = 5;
    private static final int LATENCY_WARM_UP_SECONDS = 30;
    private static final int PRODUCER_WARM_UP_SECONDS = 5;

    private ListenerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path zips = Paths.get(args[0]);
        int floodSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int tasks = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        // The broker in a JVM of its own, as deployed: in the bench's JVM its GC and JIT were shared with the worker
        // and the bare producer, and moved both sides of the ratio.
        try (KafkaBroker kafka = KafkaBroker.startInChildJvm(Map.of(), List.of("-Xmx1g"));
             ConnectCluster connect = ConnectCluster.builder(kafka).pluginPath(PluginInstaller.install(zips))
                     .start()) {
            // Latency first, on a heap the flood has not filled: a steady 1,000 POSTs/s is what it measures, and
            // its own warm-up at that rate compiles the path first.
            int latencyPort = Ports.free();
            Map<String, String> latencyProducer = new HashMap<>(HttpSourceBench.PRODUCER);
            latencyProducer.put("linger.ms", "0");
            startListener(kafka, connect.rest(), "bench.latency", latencyPort, 1, latencyProducer);
            latency(kafka, URI.create("http://127.0.0.1:" + latencyPort + "/events"), rate, seconds);
            connect.rest().deleteConnector("bench-latency");

            int port = Ports.freeRange(tasks);
            startListener(kafka, connect.rest(), "bench.flood", port, tasks, HttpSourceBench.PRODUCER);
            URI uri = URI.create("http://127.0.0.1:" + port + "/events");
            // Class loading and the JIT, not timed. After a 10-s warm-up, JFR still saw C2 compiling the broker's,
            // the worker's and Jetty's hot paths through the rounds (with GC and the flood clients, 0.4-0.6 of a
            // core outside the listed threads), so three rounds' worth.
            flood(uri, tasks, "warmup", 3 * floodSeconds);
            // Rounds of flood and bare producer in turn: the machine's speed drifts between runs (the broker shares
            // its two cores), so each round's ratio compares runs seconds apart, and the median round is reported.
            List<double[]> rounds = new ArrayList<>();
            double avgBytes = 0;
            long acked = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                long before = HttpSourceBench.endOffsets(kafka, "bench.flood");
                long started = System.nanoTime();
                ThreadCpu cpu = ThreadCpu.start();
                acked = flood(uri, tasks, "timed-" + round, floodSeconds);
                double elapsed = (System.nanoTime() - started) / 1e9;
                double listener = acked / elapsed;
                System.out.printf("round %d flood: cores used by threads: %s%n", round,
                        ThreadCpu.describe(cpu.coresSince(elapsed)));
                if (HttpSourceBench.endOffsets(kafka, "bench.flood") - before < acked) {
                    throw new IllegalStateException("fewer events in the topic than acknowledged: the run is not "
                            + "valid");
                }
                avgBytes = HttpSourceBench.averageValueBytes(kafka, "bench.flood");
                double producer = HttpSourceBench.producerRateOver(kafka, PRODUCER_WARM_UP_SECONDS, floodSeconds,
                        (int) Math.round(avgBytes));
                rounds.add(new double[] {listener, producer, listener / producer});
                System.out.printf("round %d: listener %,.0f events/s, bare producer %,.0f events/s, ratio %.2f%n",
                        round, listener, producer, listener / producer);
            }
            connect.rest().deleteConnector("bench-flood");
            rounds.sort(Comparator.comparingDouble(round -> round[2]));
            double[] median = rounds.get(rounds.size() / 2);

            System.out.printf("listener flood (median round of %d by ratio): %,.0f events acknowledged per second "
                    + "by %d clients posting arrays of %d to %d task(s), %d s per round (%.0f-byte values, "
                    + "JsonConverter)%n", ROUNDS, median[0], FLOOD_CLIENTS, BATCH, tasks, floodSeconds, avgBytes);
            System.out.printf("bare KafkaProducer: %,.0f events/s (same size, same producer settings, %d s after a "
                    + "%d-s warm-up)%n", median[1], floodSeconds, PRODUCER_WARM_UP_SECONDS);
            System.out.printf("ratio=%.2f%n", median[2]);
        }
        System.exit(0); // the HTTP clients' pools are not daemon threads
    }

    private static void startListener(KafkaBroker kafka, ConnectRestClient rest, String topic, int port, int tasks,
                                      Map<String, String> producer) throws Exception {
        kafka.admin().createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get();
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.rivulet.connect.http.HttpListenerSourceConnector");
        config.put("topic", topic);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("listener.bind", "127.0.0.1");
        config.put("listener.port", Integer.toString(port));
        config.put("record.schema.inline", AvroSchemas.CLICK.json());
        config.put("record.key.pointer", "/user_id");
        config.putAll(HttpSourceBench.STRING_KEYS_JSON_VALUES);
        producer.forEach((key, value) -> config.put("producer.override." + key, value));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.listener."))
                .forEach(k -> config.put(k.substring("bench.listener.".length()), System.getProperty(k)));
        String name = topic.replace('.', '-');
        rest.putConnectorConfig(name, config);
        rest.awaitRunning(name, tasks, TIMEOUT);
    }

    /** A closed-loop flood ({@link FloodClients}); returns the events acknowledged. */
    private static long flood(URI uri, int tasks, String run, int seconds) throws Exception {
        FloodClients.Result result = FloodClients.flood(uri, tasks, run, seconds, FLOOD_CLIENTS, () -> { });
        if (result.refused() > 0) {
            System.out.printf("listener flood (%s): %d requests refused (503 while the queue was full), retried as "
                    + "new ones%n", run, result.refused());
        }
        return result.acknowledged();
    }

    /**
     * Open loop at {@code rate} single-event POSTs per second; latency from send to 202 and to the broker's append
     * time. A warm-up of thirty seconds at the same rate goes first and is not counted: after ten, the JIT was
     * still compiling the broker's and the worker's paths in the first seconds measured, which had the worst tail.
     * Like the flood, the senders speak HTTP/1.1 over kept-alive sockets (one per sender thread): the JDK's
     * HttpClient added milliseconds of its own to every request on these two cores.
     */
    private static void latency(KafkaBroker kafka, URI uri, int rate, int seconds) throws Exception {
        openLoop(uri, rate, LATENCY_WARM_UP_SECONDS, null, null);
        long warmupRecords = HttpSourceBench.endOffsets(kafka, "bench.latency");
        long[] ackMicros = new long[rate * seconds];
        AtomicInteger accepted = new AtomicInteger();
        long started = System.nanoTime();
        openLoop(uri, rate, seconds, ackMicros, accepted);
        double achieved = accepted.get() / ((System.nanoTime() - started) / 1e9);
        long[] acks = Arrays.stream(ackMicros).filter(v -> v > 0).sorted().toArray();
        long[] toTopic = topicLatenciesMs(kafka, "bench.latency", (int) (accepted.get() + warmupRecords));
        System.out.printf("listener latency: %,d of %,d single-event POSTs accepted at a target of %,d/s over %d s "
                + "(%,.0f/s achieved)%n", accepted.get(), ackMicros.length, rate, seconds, achieved);
        System.out.printf("listener POST -> 202: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                HttpSourceBench.pct(acks, 50) / 1000.0, HttpSourceBench.pct(acks, 99) / 1000.0,
                acks.length == 0 ? 0 : acks[acks.length - 1] / 1000.0);
        System.out.printf("listener POST -> appended in Kafka: p50 %d ms, p99 %d ms%n",
                HttpSourceBench.pct(toTopic, 50), HttpSourceBench.pct(toTopic, 99));
    }

    /** Sends at {@code rate}/s; with {@code ackMicros}, records each request's time to 202 (a warm-up without). */
    private static void openLoop(URI uri, int rate, int seconds, long[] ackMicros, AtomicInteger accepted)
            throws Exception {
        List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<Socket> connection = new ThreadLocal<>();
        ExecutorService senders = Executors.newFixedThreadPool(64);
        long started = System.nanoTime();
        for (int i = 0; i < rate * seconds; i++) {
            long wait = started + (long) (i * (1e9 / rate)) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            senders.execute(() -> {
                long sent = System.nanoTime();
                // The send time rides in the event id: the click schema has no field for it.
                String id = ackMicros == null ? "warmup-" + n : "e-" + n + "-" + System.currentTimeMillis();
                String body = "{\"event_id\":\"" + id + "\",\"user_id\":\"u-" + (n % 100) + "\",\"page\":\"/p\","
                        + "\"action\":\"click\"}";
                try {
                    Socket socket = connection.get();
                    if (socket == null) {
                        socket = new Socket(uri.getHost(), uri.getPort());
                        socket.setTcpNoDelay(true);
                        connection.set(socket);
                        sockets.add(socket);
                    }
                    int status = FloodClients.post(uri, body, new BufferedOutputStream(socket.getOutputStream(), 1024),
                            new BufferedInputStream(socket.getInputStream(), 1024));
                    if (ackMicros != null && status == 202) {
                        ackMicros[n] = (System.nanoTime() - sent) / 1000;
                        accepted.incrementAndGet();
                    }
                } catch (Exception e) {
                    connection.remove(); // counted as not accepted; the next request opens a new connection
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static long[] topicLatenciesMs(KafkaBroker kafka, String topic, int expected) throws Exception {
        List<Long> latencies = new ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (ConsumerRecord<byte[], byte[]> record : kafka.awaitRecords(topic, expected, TIMEOUT)) {
            String id = json.readTree(record.value()).get("event_id").asText();
            if (id.startsWith("warmup-")) {
                continue;
            }
            long sent = Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
            latencies.add(record.timestamp() - sent);
        }
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
