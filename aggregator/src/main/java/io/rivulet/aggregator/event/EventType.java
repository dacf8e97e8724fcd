package io.rivulet.aggregator.event;

import org.apache.kafka.connect.data.SchemaAndValue;

import io.rivulet.aggregator.output.LateEvents;

/** What the aggregator needs to know about one kind of input event. */
public interface EventType<E> {
    /** The input topic. */
    String topic();

    /** The value field that holds event time. */
    String timeField();

    /** The event in a converted record; throws {@link InvalidEventException} naming the field when it cannot. */
    E parse(SchemaAndValue value);

    /** Event time, epoch milliseconds. */
    long time(E event);

    /** The key the aggregation of this event runs under (all events of a key meet in one task). */
    String aggregationKey(E event);

    /** How the late-events output describes the event. */
    LateEvents.Event describe(E event);
}
