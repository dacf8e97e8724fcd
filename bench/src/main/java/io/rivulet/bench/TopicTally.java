package io.rivulet.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import io.rivulet.embedded.KafkaBroker;

/**
 * Counts the records that reach topics from now on as a read_committed consumer sees them (aborted transactions
 * and transaction markers are not records, so the count is exact where end offsets are not), and when the last one
 * arrived: how many events a stage wrote and by when. Records keyed {@code excludedKey} (probes) are not counted.
 * {@link #countSince} counts after the fact instead, for a topic too busy to read beside the load it measures.
 */
final class TopicTally {
    private final KafkaBroker kafka;
    private final List<String> topics;
    private final byte[] excludedKey;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastArrivalNanos = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread reader;

    TopicTally(KafkaBroker kafka, List<String> topics, String excludedKey) {
        this.kafka = kafka;
        this.topics = topics;
        this.excludedKey = excludedKey.getBytes(StandardCharsets.UTF_8);
        topics.forEach(topic -> {
            counts.put(topic, new AtomicLong());
            lastArrivalNanos.put(topic, new AtomicLong());
        });
    }

    /** Starts counting at the topics' current ends; returns once positioned, so nothing written after is missed. */
    void start() throws InterruptedException {
        KafkaConsumer<byte[], byte[]> consumer = kafka.consumer();
        List<TopicPartition> partitions = partitions(consumer, topics);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolves the end now, not at the first poll
        reader = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        if (!Arrays.equals(excludedKey, record.key())) {
                            counts.get(record.topic()).incrementAndGet();
                            lastArrivalNanos.get(record.topic()).set(System.nanoTime());
                        }
                    }
                }
            }
        }, "topic-tally");
        reader.start();
    }

    long count(String topic) {
        return counts.get(topic).get();
    }

    /** Seconds from {@code sinceNanos} until the last record of {@code topic} arrived. */
    double secondsToLast(String topic, long sinceNanos) {
        return (lastArrivalNanos.get(topic).get() - sinceNanos) / 1e9;
    }

    void stop() throws InterruptedException {
        running = false;
        reader.join();
    }

    /** Each partition's end offset of {@code topic} now: where {@link #countSince} starts. */
    static Map<TopicPartition, Long> ends(KafkaBroker kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            return consumer.endOffsets(partitions(consumer, List.of(topic)));
        }
    }

    /** Every partition of {@code topics}, as the consumer's metadata has them. */
    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        return partitions;
    }

    /** Records (read_committed, not keyed {@code excludedKey}) from {@code from} to each partition's end now. */
    static long countSince(KafkaBroker kafka, Map<TopicPartition, Long> from, String excludedKey) {
        byte[] excluded = excludedKey.getBytes(StandardCharsets.UTF_8);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> ends = consumer.endOffsets(from.keySet());
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!Arrays.equals(excluded, record.key())) {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
