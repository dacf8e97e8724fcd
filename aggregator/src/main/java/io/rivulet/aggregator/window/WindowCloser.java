package io.rivulet.aggregator.window;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.connect.data.SchemaAndValue;
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
 * The window life cycle every aggregation shares. Events of open windows are added; a window's final result is
 * written once, when every input partition's watermark has passed the window's end plus grace; results written so
 * far and each partition's watermark are kept in a state store, so they survive restarts and move with the task.
 * The {@link EventGate}s upstream already took late events out, so none arrives here unless the input gained
 * partitions while running; such an event is still reported as late, never counted into a written window.
 *
 * @param <E> the parsed input event
 */
public abstract class WindowCloser<E> implements Processor<String, Routed<E>, SchemaAndValue, SchemaAndValue> {
    private static final String EMITTED_UNTIL = "emitted.until";
    private static final String WATERMARK = "watermark.";

    protected final TumblingWindows windows;
    private final String progressStore;
    private final EventType<E> type;
    private final int inputPartitions;
    protected ProcessorContext<SchemaAndValue, SchemaAndValue> context;
    private KeyValueStore<String, Long> progress;

    /**
     * @param inputPartitions how many partitions the input topic has: each sends watermarks, and a window closes
     *                        only when all of them have passed it
     */
    protected WindowCloser(TumblingWindows windows, String progressStore, EventType<E> type, int inputPartitions) {
        this.windows = windows;
        this.progressStore = progressStore;
        this.type = type;
        this.inputPartitions = inputPartitions;
    }

    /** The store that remembers how far results were written and each input partition's watermark. */
    public static StoreBuilder<KeyValueStore<String, Long>> progressStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(ProcessorContext<SchemaAndValue, SchemaAndValue> context) {
        this.context = context;
        this.progress = context.getStateStore(progressStore);
        init();
    }

    /** Looks up the subclass's stores. */
    protected abstract void init();

    @Override
    public void process(Record<String, Routed<E>> record) {
        if (record.value() instanceof Routed.Watermark<E> watermark) {
            advance(watermark.partition(), watermark.time());
            return;
        }
        E event = ((Routed.Event<E>) record.value()).event();
        long time = type.time(event);
        long start = windows.start(time);
        if (start < emittedUntil()) {
            Long streamTime = minWatermark();
            context.forward(LateEvents.record(type.topic(), type.describe(event), time, start,
                    streamTime == null ? time : streamTime));
            return;
        }
        add(event, start);
    }

    private void advance(int partition, long time) {
        Long known = progress.get(WATERMARK + partition);
        if (known != null && known >= time) {
            return;
        }
        progress.put(WATERMARK + partition, time);
        Long watermark = minWatermark();
        if (watermark == null) {
            return;
        }
        long lastClosed = windows.lastClosedStart(watermark);
        long emittedUntil = emittedUntil();
        if (lastClosed >= emittedUntil) {
            emit(lastClosed);
            progress.put(EMITTED_UNTIL, lastClosed + windows.sizeMs());
        }
    }

    /** The lowest watermark over all input partitions, or null while one of them has not reported yet. */
    private Long minWatermark() {
        long min = Long.MAX_VALUE;
        for (int p = 0; p < inputPartitions; p++) {
            Long time = progress.get(WATERMARK + p);
            if (time == null) {
                return null;
            }
            min = Math.min(min, time);
        }
        return min;
    }

    private long emittedUntil() {
        Long until = progress.get(EMITTED_UNTIL);
        return until == null ? Long.MIN_VALUE : until;
    }

    /** Adds an event of the open window starting at {@code windowStart}. */
    protected abstract void add(E event, long windowStart);

    /**
     * Writes the final results of every window still held that starts at or before {@code lastClosedStart}, then
     * drops their state.
     */
    protected abstract void emit(long lastClosedStart);

    /** The timestamp of a window's result: its last millisecond, the latest event time it holds. */
    protected long resultTimestamp(long windowStart) {
        return windows.end(windowStart) - 1;
    }
}
