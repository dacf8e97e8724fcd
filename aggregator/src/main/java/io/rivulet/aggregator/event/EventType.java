package io.rivulet.aggregator.event;

import java.util.Set;

import org.apache.kafka.connect.data.SchemaAndValue;

import io.rivulet.aggregator.output.LateEvents;

/** What the aggregator needs to know about one kind of input event. */
public interface EventType<E> {
    /** The input topic. */
    String topic();

    /** The value field that holds event time. */
    String timeField();

    /** The value fields {@link #parse} reads: nothing else of a value is needed. */
    Set<String> fields();

    /** The event in a converted record; throws {@link InvalidEventException} naming the field when it cannot. */
    E parse(SchemaAndValue value);

    /** Event time, epoch milliseconds. */
    long time(E event);

    /**
     * The key whose events must all be in one input partition for per-partition results to add up exactly: the user
     * for clicks (distinct users), the order for orders (one count per order id). Inputs keyed by it (or by a key
     * that implies it, as the customer implies the order) are aggregated where they are; otherwise the aggregator
     * repartitions them by this key first.
     */
    String partitionKey(E event);

    /** How the late-events output describes the event. */
    LateEvents.Event describe(E event);
}
