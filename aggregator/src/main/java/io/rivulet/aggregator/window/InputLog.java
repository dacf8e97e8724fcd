package io.rivulet.aggregator.window;

import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** An input partition read again, as the log of the open windows' state. */
public interface InputLog {
    /**
     * Hands on the committed records of {@code topic}-{@code partition} from {@code fromOffset} up to (without) the
     * application's committed offset there, in order; throws when some of them are no longer in the topic.
     */
    void read(String topic, int partition, long fromOffset, Consumer<ConsumerRecord<byte[], byte[]>> each);
}
