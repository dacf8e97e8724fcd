package io.rivulet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.local.LocalPipeline;
import io.rivulet.schemas.Topics;

/**
 * Probe clicks POSTed to the listener ten times a second, each timed from the POST until a read_committed consumer
 * can read it in clickstream.events: the ingest latency a downstream application sees, under whatever load runs
 * beside them. Probes are the only clicks of their user: the reader reads the partition the producer's default
 * partitioner puts that key in, and looks at the key before parsing a value.
 */
final class ProbeClicks {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String USER = "probe-user";
    private static final byte[] USER_KEY = USER.getBytes(StandardCharsets.UTF_8);

    private final LocalPipeline pipeline;
    private final URI listener;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    final Latencies latencies = new Latencies();
    private volatile boolean running = true;
    private Thread poster;
    private Thread reader;

    /** Probes for {@code listener} (a URL of the listener's first task) of {@code pipeline}. */
    ProbeClicks(LocalPipeline pipeline, URI listener) {
        this.pipeline = pipeline;
        this.listener = listener;
    }

    void start() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        poster = new Thread(() -> {
            for (int i = 0; running; i++) {
                String id = "probe-" + i;
                String click = "{\"event_id\":\"" + id + "\",\"user_id\":\"" + USER + "\",\"page\":\"/probe\","
                        + "\"action\":\"click\",\"timestamp\":" + System.currentTimeMillis() + "}";
                sent.put(id, System.nanoTime());
                try {
                    http.send(HttpRequest.newBuilder(listener).POST(
                            HttpRequest.BodyPublishers.ofString(click)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        }, "probe-poster");
        reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = pipeline.kafka().consumer()) {
                // Only the probes' partition: reading every click would take cores from what is measured.
                int count = consumer.partitionsFor(Topics.CLICKSTREAM_EVENTS).size();
                List<TopicPartition> partitions = List.of(new TopicPartition(Topics.CLICKSTREAM_EVENTS,
                        Utils.toPositive(Utils.murmur2(USER_KEY)) % count));
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        if (!Arrays.equals(USER_KEY, record.key())) {
                            continue;
                        }
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
        }, "probe-reader");
        reader.start();
        poster.start();
    }

    void stop() throws InterruptedException {
        running = false;
        poster.join();
        reader.join();
    }
}
