package io.rivulet.aggregator.event;

import org.apache.kafka.connect.data.SchemaAndValue;

import io.rivulet.aggregator.output.Json;
import io.rivulet.aggregator.output.LateEvents;

/**
 * Clicks: event time from {@code timestamp} (configurable). All clicks aggregate under one key, because active
 * users and funnel stages are distinct over every user of a window.
 */
public record ClickEvents(String topic, String timeField) implements EventType<ClickEvent> {
    static final String KEY = "clicks";

    @Override
    public ClickEvent parse(SchemaAndValue value) {
        return ClickEvent.from(topic, value, timeField);
    }

    @Override
    public long time(ClickEvent click) {
        return click.timestamp();
    }

    @Override
    public String aggregationKey(ClickEvent click) {
        return KEY;
    }

    @Override
    public LateEvents.Event describe(ClickEvent click) {
        return new LateEvents.Event(click.eventId(), click.userId(), Json.of("event_id", click.eventId(),
                "user_id", click.userId(), "action", click.action(), "timestamp", click.timestamp(),
                "segment", click.segment()));
    }
}
