package io.rivulet.aggregator.event;

import java.util.List;
import java.util.Set;

import org.apache.kafka.connect.data.SchemaAndValue;

import io.rivulet.aggregator.output.Json;
import io.rivulet.aggregator.output.LateEvents;

/**
 * Clicks: event time from {@code timestamp} (configurable). Active users and funnel stages are distinct users, so
 * every click of a user must be in one input partition.
 */
public record ClickEvents(String topic, String timeField) implements EventType<ClickEvent> {
    @Override
    public Set<String> fields() {
        return Set.copyOf(List.of("event_id", "user_id", "action", timeField, "segment"));
    }

    @Override
    public ClickEvent parse(SchemaAndValue value) {
        return ClickEvent.from(topic, value, timeField);
    }

    @Override
    public long time(ClickEvent click) {
        return click.timestamp();
    }

    @Override
    public String partitionKey(ClickEvent click) {
        return click.userId();
    }

    @Override
    public LateEvents.Event describe(ClickEvent click) {
        return new LateEvents.Event(click.eventId(), click.userId(), Json.of("event_id", click.eventId(),
                "user_id", click.userId(), "action", click.action(), "timestamp", click.timestamp(),
                "segment", click.segment()));
    }
}
