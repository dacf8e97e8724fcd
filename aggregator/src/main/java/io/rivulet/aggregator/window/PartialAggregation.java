package io.rivulet.aggregator.window;

import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * What one input partition keeps of its open windows, and the partial result it hands on when a window closes in
 * that partition. Partials of all partitions add up to the window's result because the events that must meet (a
 * user's clicks, an order's copies) are in one partition. The open windows are in memory ({@link OpenWindows}).
 *
 * @param <E> the parsed input event
 * @param <P> the partial result of one window (or of one window and dimension)
 */
public interface PartialAggregation<E, P> {
    /** The state stores it uses, one set per input partition's task (none when the input is its log). */
    List<StoreBuilder<?>> stores();

    /** Looks up its stores and loads what they hold (called once per task). */
    void init(ProcessingContext context);

    /** Whether the window starting at {@code windowStart} has events in this partition. */
    boolean isOpen(long windowStart);

    /** Adds an event of the open window starting at {@code windowStart}. */
    void add(E event, long windowStart);

    /** Hands on the partials of every window held that starts at or before {@code lastClosedStart}, drops them. */
    void close(long lastClosedStart, Consumer<P> partials);

    /** Members (users, orders) of the open windows. */
    long members();

    /** Bytes the open windows' members take in memory. */
    long bytes();

    /** The window a partial belongs to. */
    long windowStart(P partial);

    /**
     * Removes the sensors {@link #init} added, when the task closes (moves to another instance): Kafka Streams does
     * not, and a sensor left behind keeps a stale bean of the task in JMX. None by default.
     */
    default void removeSensors(ProcessingContext context) {
    }
}
