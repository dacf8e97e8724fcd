package io.rivulet.aggregator.window;

import java.time.Duration;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.rivulet.aggregator.event.EventType;
import io.rivulet.aggregator.event.Routed;
import io.rivulet.aggregator.output.LateEvents;

/**
 * Runs on one input partition, in a task that reads nothing else: parses each record, decides whether it is late by
 * that partition's own time, adds it to the partition's open windows, and when the partition's time closes windows
 * hands on their partial results followed by a watermark (how far the partition has got). Deciding in the
 * partition's own order makes the results the same however the final stage's input interleaves the partitions, so
 * a replay gives the numbers of the first run.
 *
 * <p>The partition's time is the largest event time seen in it (Kafka Streams' stream time of the task). An event
 * is late when its window's end plus grace is at or below it. A partition that receives nothing for the idle
 * timeout lets its time follow the wall clock instead, so it does not hold windows open forever; an event that then
 * arrives for a window closed that way is late (the trade-off of {@code partition.idle.timeout.ms}).
 */
public final class PartitionAggregator<E, P> implements Processor<byte[], SchemaAndValue, String, Routed<P>> {
    private static final String IDLE_TIME = "idle.time";

    private final String name;
    private final EventType<E> type;
    private final PartialAggregation<E, P> aggregation;
    private final TumblingWindows windows;
    private final long idleTimeoutMs;
    private ProcessorContext<String, Routed<P>> context;
    private KeyValueStore<String, Long> progress;
    private Sensor events;
    private Sensor lateEvents;
    /** The partition's time as the wall clock moved it while idle; it survives restarts in the progress store. */
    private long idleTime = Long.MIN_VALUE;
    private long lastClosedStart = Long.MIN_VALUE;
    private long lastEventWallClockMs;
    private int partition;

    /** @param idleTimeoutMs after this long without an event the partition's time follows the wall clock; 0: never */
    public PartitionAggregator(String name, EventType<E> type, PartialAggregation<E, P> aggregation,
                               TumblingWindows windows, long idleTimeoutMs) {
        this.name = name;
        this.type = type;
        this.aggregation = aggregation;
        this.windows = windows;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /** The store of the partition's idle-advanced time. */
    public static StoreBuilder<KeyValueStore<String, Long>> progressStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long());
    }

    public static String progressStoreName(String name) {
        return name + "-partition-progress";
    }

    @Override
    public void init(ProcessorContext<String, Routed<P>> context) {
        this.context = context;
        // The task's partition is the input partition: the sub-topology reads this one input and nothing else.
        this.partition = context.taskId().partition();
        this.progress = context.getStateStore(progressStoreName(name));
        this.events = Metrics.events(context, name);
        this.lateEvents = Metrics.lateEvents(context, name);
        aggregation.init(context);
        Long stored = progress.get(IDLE_TIME);
        idleTime = stored == null ? Long.MIN_VALUE : stored;
        if (idleTimeoutMs > 0) {
            lastEventWallClockMs = context.currentSystemTimeMs();
            context.schedule(Duration.ofMillis(Math.max(100, Math.min(idleTimeoutMs, 1000))),
                    PunctuationType.WALL_CLOCK_TIME, this::checkIdle);
        }
    }

    @Override
    public void process(Record<byte[], SchemaAndValue> record) {
        events.record(); // a count (Kafka Streams' rate-total sensors count record calls, not values)
        if (idleTimeoutMs > 0) {
            lastEventWallClockMs = context.currentSystemTimeMs();
        }
        E event = type.parse(record.value());
        long time = type.time(event);
        long start = windows.start(time);
        long partitionTime = Math.max(Math.max(context.currentStreamTimeMs(), idleTime), time);
        if (windows.closed(start, partitionTime)) {
            lateEvents.record();
            LateEvents.Event late = type.describe(event);
            Record<SchemaAndValue, SchemaAndValue> out = LateEvents.record(type.topic(), late, time, start,
                    partitionTime);
            context.forward(new Record<>(late.key(), new Routed.Late<>(out.key(), out.value()), time));
            return;
        }
        aggregation.add(event, start);
        closeUpTo(partitionTime);
    }

    /** Hands on the partials of the windows {@code partitionTime} closes, then the partition's watermark. */
    private void closeUpTo(long partitionTime) {
        long closed = windows.lastClosedStart(partitionTime);
        if (closed <= lastClosedStart) {
            return;
        }
        lastClosedStart = closed;
        aggregation.close(closed, partial -> context.forward(new Record<>(Long.toString(
                aggregation.windowStart(partial)), new Routed.Event<>(partial), windows.end(aggregation
                .windowStart(partial)) - 1)));
        context.forward(new Record<>(Routed.WATERMARK_KEY, new Routed.Watermark<>(partition, partitionTime),
                partitionTime));
    }

    /** A partition quiet for the idle timeout: its time follows the wall clock. */
    private void checkIdle(long now) {
        if (now - lastEventWallClockMs < idleTimeoutMs || now <= idleTime) {
            return;
        }
        idleTime = now;
        progress.put(IDLE_TIME, now);
        closeUpTo(Math.max(context.currentStreamTimeMs(), now));
    }
}
