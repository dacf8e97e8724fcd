package io.rivulet.aggregator.event;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time from a field of the value (order_ts, timestamp). A record without a readable time keeps its Kafka
 * timestamp here; parsing then rejects it to the dead letter topic, so no record is counted at a made-up time.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    private final String field;

    public EventTimeExtractor(String field) {
        this.field = field;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof SchemaAndValue) {
            try {
                long time = FieldReader.of(record.topic(), (SchemaAndValue) record.value()).time(field, -1);
                if (time >= 0) {
                    return time;
                }
            } catch (InvalidEventException e) {
                // not a record, or an unreadable time: parsing reports it with the field's name
            }
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}
