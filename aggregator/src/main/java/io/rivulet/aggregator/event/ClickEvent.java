package io.rivulet.aggregator.event;

import org.apache.kafka.connect.data.SchemaAndValue;

/** The fields of a click the aggregator needs; {@code segment} is there when RedisEnrich added it. */
public record ClickEvent(String eventId, String userId, String action, long timestamp, String segment) {

    public static ClickEvent from(String topic, SchemaAndValue value, String timeField) {
        FieldReader fields = FieldReader.of(topic, value);
        return new ClickEvent(fields.optionalString("event_id"), fields.requiredString("user_id"),
                fields.requiredString("action"), fields.requiredTime(timeField), fields.optionalString("segment"));
    }
}
