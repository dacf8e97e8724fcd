package io.rivulet.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One load client of {@code bench/scale.sh}, run in its own JVM so that its CPU is its own process's. It starts,
 * waits until the coordinator creates the go file (so that JVM start-up is not timed), sends its share of events
 * and writes what it did to a result file (properties: sent, acknowledged, refused, start.ms, end.ms, cpu.ms).
 * <ul>
 *   <li>{@code listener <url> <ports> <connections> <events> <run> <go file> <result file>}: a closed-loop flood of
 *   the listener ({@link FloodClients#floodVolume}), connection c to port url.port + c % ports;</li>
 *   <li>{@code producer <bootstrap servers> <topic> <events> <run> <go file> <result file>}: a bare KafkaProducer
 *   writing as many JSON clicks, keyed by user (the baseline), after an untimed fifth as a warm-up.</li>
 * </ul>
 */
public final class LoadClient {
    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path go = Paths.get(args[args.length - 2]);
        Path result = Paths.get(args[args.length - 1]);
        if (mode.equals("producer")) {
            // Untimed, as the pipeline's warm-up round: the producer's JIT and connections.
            produce(args[1], args[2], Long.parseLong(args[3]) / 5, args[4] + "-warm-up");
        }
        Files.createFile(readyFile(result));
        while (!Files.exists(go)) {
            Thread.sleep(1);
        }
        long cpuBefore = cpuMs();
        long start = System.currentTimeMillis();
        FloodClients.Result done = switch (mode) {
            case "listener" -> FloodClients.floodVolume(URI.create(args[1]), Integer.parseInt(args[2]), args[5],
                    Long.parseLong(args[4]), Integer.parseInt(args[3]));
            case "producer" -> produce(args[1], args[2], Long.parseLong(args[3]), args[4]);
            default -> throw new IllegalArgumentException("mode " + mode + ": listener or producer");
        };
        long end = System.currentTimeMillis();
        Properties out = new Properties();
        out.put("sent", Long.toString(done.sent()));
        out.put("acknowledged", Long.toString(done.acknowledged()));
        out.put("refused", Long.toString(done.refused()));
        out.put("start.ms", Long.toString(start));
        out.put("end.ms", Long.toString(end));
        out.put("cpu.ms", Long.toString(cpuMs() - cpuBefore));
        Path partial = result.resolveSibling(result.getFileName() + ".partial");
        try (OutputStream stream = Files.newOutputStream(partial)) {
            out.store(stream, "load client " + String.join(" ", args));
        }
        Files.move(partial, result); // the coordinator never reads half a file
        System.exit(0);
    }

    /** Created once this JVM is up and waiting for the go file. */
    static Path readyFile(Path result) {
        return result.resolveSibling(result.getFileName() + ".ready");
    }

    private static long cpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    /** The baseline: JSON clicks of 1,000 users, as many as the pipeline took, acks=all as the pipeline's. */
    private static FloodClients.Result produce(String bootstrap, String topic, long events, String run)
            throws IOException {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        byte[][] values = new byte[1000][];
        long now = System.currentTimeMillis();
        for (int i = 0; i < values.length; i++) {
            values[i] = ("{\"event_id\":\"" + run + "-" + i + "\",\"user_id\":\"u-" + i + "\",\"page\":\"/product/"
                    + i % 100 + "\",\"action\":\"click\",\"timestamp\":" + now + "}").getBytes();
        }
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < events && failed.get() == null; i++) {
                int user = (int) (i % values.length);
                producer.send(new ProducerRecord<>(topic, ("u-" + user).getBytes(), values[user]),
                        (metadata, e) -> {
                            if (e != null) {
                                failed.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IOException("the baseline producer failed", failed.get());
        }
        return new FloodClients.Result(events, events, 0);
    }
}
