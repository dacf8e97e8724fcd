package io.rivulet.aggregator.output;

import java.util.Date;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.streams.processor.api.Record;

/** Records for the late-events topic: which event, of which window, and how far stream time had gone. */
public final class LateEvents {
    /** What an aggregation tells about its late event: an id, the entity key (user, customer), the event as JSON. */
    public record Event(String eventId, String key, String json) {
    }

    private LateEvents() {
    }

    public static Record<SchemaAndValue, SchemaAndValue> record(String sourceTopic, Event event, long eventTime,
                                                               long windowStart, long streamTime) {
        Struct value = new Struct(OutputSchemas.LATE).put("source_topic", sourceTopic)
                .put("event_id", event.eventId()).put("event_time", new Date(eventTime))
                .put("window_start", new Date(windowStart)).put("stream_time", new Date(streamTime))
                .put("reason", "event time " + eventTime + " is in window " + windowStart
                        + ", closed at stream time " + streamTime)
                .put("event", event.json());
        return new Record<>(new SchemaAndValue(OutputSchemas.LATE_KEY, event.key()),
                new SchemaAndValue(OutputSchemas.LATE, value), eventTime);
    }
}
