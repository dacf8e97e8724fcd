package io.rivulet.aggregator.event;

import org.apache.kafka.common.KafkaException;

/**
 * An input record the aggregator cannot count. Kafka Streams' processing exception handler sends the record to the
 * dead letter topic with this message and the record's topic, partition and offset in headers.
 */
public class InvalidEventException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String topic, String field, String problem) {
        super("Record in " + topic + (field == null ? "" : ": field '" + field + "'") + " " + problem);
    }
}
