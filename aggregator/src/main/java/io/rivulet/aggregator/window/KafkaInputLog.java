package io.rivulet.aggregator.window;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an input partition again with a consumer of its own (the application's client settings, read committed,
 * no group membership), up to the offset the application committed there, which is where its task resumes.
 */
public final class KafkaInputLog implements InputLog {
    private static final Logger log = LoggerFactory.getLogger(KafkaInputLog.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STALLED = Duration.ofSeconds(60);

    private final Map<String, Object> consumerConfig;

    private KafkaInputLog(Map<String, Object> consumerConfig) {
        this.consumerConfig = consumerConfig;
    }

    /** A log read with the restore consumer's settings of {@code streams}, as the application's group. */
    public static KafkaInputLog of(StreamsConfig streams) {
        Map<String, Object> config = new HashMap<>(streams.getRestoreConsumerConfigs("rivulet-input-log"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, streams.getString(StreamsConfig.APPLICATION_ID_CONFIG));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaInputLog(config);
    }

    @Override
    public void read(String topic, int partition, long fromOffset, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        TopicPartition input = new TopicPartition(topic, partition);
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            // A read-committed consumer asks for stable offsets: a commit still in flight is waited for.
            OffsetAndMetadata committed = consumer.committed(Set.of(input)).get(input);
            if (committed == null) {
                throw new IllegalStateException("Cannot restore the open windows of " + input + ": the application "
                        + "has no committed offset there, yet its state says windows are open from offset "
                        + fromOffset);
            }
            long until = committed.offset();
            long earliest = consumer.beginningOffsets(List.of(input)).get(input);
            if (earliest > fromOffset) {
                throw new IllegalStateException("Cannot restore the open windows of " + input + ": they start at "
                        + "offset " + fromOffset + ", but the topic keeps records from offset " + earliest + " on. "
                        + "The input's retention must cover the open windows (window size plus grace plus any "
                        + "downtime); reset the application to start again");
            }
            consumer.assign(List.of(input));
            consumer.seek(input, fromOffset);
            long records = 0;
            long lastProgress = System.nanoTime();
            for (long position = fromOffset; position < until; ) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(input)) {
                    if (record.offset() >= until) {
                        break;
                    }
                    each.accept(record);
                    records++;
                }
                long now = consumer.position(input);
                if (now > position) {
                    position = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
                    throw new IllegalStateException("Cannot restore the open windows of " + input + ": no records "
                            + "after offset " + position + " for " + STALLED.toSeconds() + " s (it must read up to "
                            + until + ")");
                }
            }
            log.info("Restored the open windows of {} from offsets {} to {} ({} records) in {} ms", input, fromOffset,
                    until, records, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
