package io.rivulet.aggregator.window;

import java.time.Duration;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
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
 *
 * <p>The open windows are in memory. When the input partition is their log ({@link Replay}), the progress store
 * keeps, per open window, the offset of its first event and the partition's time then, and where the wall clock
 * moved the time: a new task reads the partition again from the oldest open window's first event up to the
 * committed offset, deciding exactly as the first run did but handing nothing on, and so has the state the
 * committed results were computed from.
 */
public final class PartitionAggregator<E, P> implements Processor<byte[], SchemaAndValue, String, Routed<P>> {
    /** How the partition is read again: the log, and how records were deserialized and timed. */
    public record Replay(InputLog log, Deserializer<SchemaAndValue> values, TimestampExtractor times) {
    }

    private final String name;
    private final EventType<E> type;
    private final PartialAggregation<E, P> aggregation;
    private final TumblingWindows windows;
    private final long idleTimeoutMs;
    private final Replay replay;
    private ProcessorContext<String, Routed<P>> context;
    private PartitionProgress progress;
    private Sensor events;
    /** Events processed and not yet recorded in {@link #events}, which gets them every punctuation. */
    private long unrecordedEvents;
    private Sensor lateEvents;
    private Sensor openMembers;
    private Sensor openBytes;
    /** The partition's time as the wall clock moved it while idle; it survives restarts in the progress store. */
    private long idleTime = Long.MIN_VALUE;
    private long lastClosedStart = Long.MIN_VALUE;
    private long lastEventWallClockMs;
    private long lastOffset = -1;
    private int partition;

    /**
     * @param idleTimeoutMs after this long without an event the partition's time follows the wall clock; 0: never
     * @param replay        how to read the input partition again on a new task; null when the aggregation keeps
     *                      its state in stores of its own
     */
    public PartitionAggregator(String name, EventType<E> type, PartialAggregation<E, P> aggregation,
                               TumblingWindows windows, long idleTimeoutMs, Replay replay) {
        this.name = name;
        this.type = type;
        this.aggregation = aggregation;
        this.windows = windows;
        this.idleTimeoutMs = idleTimeoutMs;
        this.replay = replay;
    }

    /**
     * The store of the partition's idle-advanced time and of where its open windows start in the input: a few
     * entries, in memory and its changelog (see {@link WindowedStore#smallBuilder}).
     */
    public static StoreBuilder<KeyValueStore<String, Long>> progressStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.Long());
    }

    public static String progressStoreName(String name) {
        return name + "-partition-progress";
    }

    @Override
    public void init(ProcessorContext<String, Routed<P>> context) {
        this.context = context;
        // The task's partition is the input partition: the sub-topology reads this one input and nothing else.
        this.partition = context.taskId().partition();
        this.progress = new PartitionProgress(context.getStateStore(progressStoreName(name)));
        this.events = Metrics.events(context, name);
        this.lateEvents = Metrics.lateEvents(context, name);
        this.openMembers = Metrics.openWindowMembers(context, name);
        this.openBytes = Metrics.openWindowBytes(context, name);
        aggregation.init(context);
        lastClosedStart = Long.MIN_VALUE;
        lastOffset = -1;
        if (replay != null) {
            restore();
        }
        // Closed as far as the last task closed them: a new task sends no watermark until it closes more.
        lastClosedStart = Math.max(lastClosedStart, progress.closedUntil());
        idleTime = progress.idleTime();
        lastEventWallClockMs = context.currentSystemTimeMs();
        long everyMs = idleTimeoutMs > 0 ? Math.max(100, Math.min(idleTimeoutMs, 1000)) : 1000;
        context.schedule(Duration.ofMillis(everyMs), PunctuationType.WALL_CLOCK_TIME, now -> {
            recordEvents();
            openMembers.record(aggregation.members());
            openBytes.record(aggregation.bytes());
            if (idleTimeoutMs > 0) {
                checkIdle(now);
            }
        });
    }

    private void recordEvents() {
        if (unrecordedEvents > 0) {
            events.record(unrecordedEvents);
            unrecordedEvents = 0;
        }
    }

    @Override
    public void close() {
        recordEvents();
        // Every sensor of the task, or its bean stays in JMX with what is left (AggregatorScaleOutIT, adding up
        // events-total over the clicks-<task> beans, found a moved task's bean holding only late-events).
        context.metrics().removeSensor(events);
        context.metrics().removeSensor(lateEvents);
        context.metrics().removeSensor(openMembers);
        context.metrics().removeSensor(openBytes);
        aggregation.removeSensors(context);
    }

    @Override
    public void process(Record<byte[], SchemaAndValue> record) {
        unrecordedEvents++;
        if (idleTimeoutMs > 0) {
            lastEventWallClockMs = context.currentSystemTimeMs();
        }
        Optional<RecordMetadata> metadata = context.recordMetadata();
        long offset = metadata.isPresent() ? metadata.get().offset() : -1; // not a Long per event
        E event = type.parse(record.value());
        long time = type.time(event);
        long partitionTime = Math.max(Math.max(context.currentStreamTimeMs(), idleTime), time);
        accept(event, time, partitionTime, offset, true);
    }

    /** Adds an on-time event (or, live, hands a late one on) and closes what the partition's time closes. */
    private void accept(E event, long time, long partitionTime, long offset, boolean live) {
        long start = windows.start(time);
        lastOffset = offset;
        if (windows.closed(start, partitionTime)) {
            if (live) {
                lateEvents.record();
                LateEvents.Event late = type.describe(event);
                Record<SchemaAndValue, SchemaAndValue> out = LateEvents.record(type.topic(), late, time, start,
                        partitionTime);
                context.forward(new Record<>(late.key(), new Routed.Late<>(out.key(), out.value()), time));
            }
            return;
        }
        if (live && replay != null && !aggregation.isOpen(start)) {
            progress.opened(start, offset, partitionTime);
        }
        aggregation.add(event, start);
        closeUpTo(partitionTime, live);
    }

    /** Hands on (live) the partials of the windows {@code partitionTime} closes, then the partition's watermark. */
    private void closeUpTo(long partitionTime, boolean live) {
        long closed = windows.lastClosedStart(partitionTime);
        if (closed <= lastClosedStart) {
            return;
        }
        lastClosedStart = closed;
        if (!live) {
            aggregation.close(closed, partial -> { });
            return;
        }
        aggregation.close(closed, partial -> context.forward(new Record<>(Long.toString(
                aggregation.windowStart(partial)), new Routed.Event<>(partial), windows.end(aggregation
                .windowStart(partial)) - 1)));
        context.forward(new Record<>(Routed.WATERMARK_KEY, new Routed.Watermark<>(partition, partitionTime),
                partitionTime));
        progress.closed(closed);
    }

    /** A partition quiet for the idle timeout: its time follows the wall clock. */
    private void checkIdle(long now) {
        if (now - lastEventWallClockMs < idleTimeoutMs || now <= idleTime) {
            return;
        }
        idleTime = now;
        progress.idleMoved(now, replay != null ? lastOffset : -1); // a replay moves the time there too
        closeUpTo(Math.max(context.currentStreamTimeMs(), now), true);
    }

    /** Reads the input partition again from the oldest open window's first event, as it was read the first time. */
    private void restore() {
        PartitionProgress.ReplayStart start = progress.replayStart();
        if (start == null) {
            return;
        }
        ReplayedTime time = new ReplayedTime(start.timeBefore());
        replay.log().read(type.topic(), partition, start.fromOffset(), record -> {
            replayRecord(record, time);
            Long idle = start.idleAfter().get(record.offset());
            if (idle != null) {
                time.idle = Math.max(time.idle, idle);
                closeUpTo(Math.max(time.stream, time.idle), false);
            }
        });
    }

    /** The partition's time while it is read again: Kafka Streams' stream time, and where idleness moved it. */
    private static final class ReplayedTime {
        long stream;
        long idle = Long.MIN_VALUE;

        ReplayedTime(long stream) {
            this.stream = stream;
        }
    }

    /** One record as the task saw it: skipped where Kafka Streams skipped it, timed as it timed it. */
    private void replayRecord(ConsumerRecord<byte[], byte[]> raw, ReplayedTime time) {
        SchemaAndValue value;
        try {
            value = replay.values().deserialize(raw.topic(), raw.headers(), raw.value());
        } catch (RuntimeException e) {
            return; // a deserialization error: the task skipped the record (or failed on it, and never got past)
        }
        ConsumerRecord<Object, Object> deserialized = new ConsumerRecord<>(raw.topic(), raw.partition(),
                raw.offset(), raw.timestamp(), raw.timestampType(), raw.serializedKeySize(),
                raw.serializedValueSize(), raw.key(), value, raw.headers(), Optional.empty());
        long timestamp = replay.times().extract(deserialized, time.stream);
        if (timestamp < 0) {
            return; // Kafka Streams drops records with a negative timestamp
        }
        time.stream = Math.max(time.stream, timestamp);
        try {
            E event = type.parse(value);
            long eventTime = type.time(event);
            accept(event, eventTime, Math.max(Math.max(time.stream, time.idle), eventTime), raw.offset(), false);
        } catch (RuntimeException e) {
            // an invalid event: the task reported it and went on, and it changed no window
        }
    }
}
