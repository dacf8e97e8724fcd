package io.rivulet.aggregator.window;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.aggregator.event.Routed;

/**
 * The final stage every aggregation shares: adds up the partial results the input partitions hand on, and writes a
 * window's result once, when every input partition's watermark has passed the window's end plus grace. A partition
 * hands on its partial of a window before the watermark that passes it, in one repartition topic partition, so by
 * then every partial of the window is here. Results written so far and each partition's watermark are kept in a
 * state store, so they survive restarts and move with the task. A partial for a window already written can only
 * come if the input gained partitions while running; it is logged and counted nowhere.
 *
 * @param <P> the partial result of a window from one input partition
 */
public abstract class WindowCloser<P> implements Processor<String, Routed<P>, SchemaAndValue, SchemaAndValue> {
    private static final Logger log = LoggerFactory.getLogger(WindowCloser.class);
    private static final String EMITTED_UNTIL = "emitted.until";
    private static final String WATERMARK = "watermark.";

    protected final TumblingWindows windows;
    private final String name;
    private final String progressStore;
    private final int inputPartitions;
    protected ProcessorContext<SchemaAndValue, SchemaAndValue> context;
    private KeyValueStore<String, Long> progress;
    private Sensor resultLatency;

    /**
     * @param name            the processor's name, in its metrics
     * @param inputPartitions how many partitions the input topic has: each sends watermarks, and a window closes
     *                        only when all of them have passed it
     */
    protected WindowCloser(String name, TumblingWindows windows, String progressStore, int inputPartitions) {
        this.name = name;
        this.windows = windows;
        this.progressStore = progressStore;
        this.inputPartitions = inputPartitions;
    }

    /**
     * The store that remembers how far results were written and each input partition's watermark: a few entries,
     * in memory and its changelog (see {@link WindowedStore#smallBuilder}).
     */
    public static StoreBuilder<KeyValueStore<String, Long>> progressStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(ProcessorContext<SchemaAndValue, SchemaAndValue> context) {
        this.context = context;
        this.progress = context.getStateStore(progressStore);
        this.resultLatency = Metrics.windowResultLatency(context, name);
        init();
    }

    /** Looks up the subclass's stores. */
    protected abstract void init();

    /** Removes the task's sensor when it closes (moves to another instance), so that no stale bean stays. */
    @Override
    public void close() {
        context.metrics().removeSensor(resultLatency);
    }

    @Override
    public void process(Record<String, Routed<P>> record) {
        if (record.value() instanceof Routed.Watermark<P> watermark) {
            advance(watermark.partition(), watermark.time());
            return;
        }
        P partial = ((Routed.Event<P>) record.value()).event();
        long start = windowStart(partial);
        if (start < emittedUntil()) {
            log.warn("A partial result for window {} arrived after the window was written (did an input topic gain "
                    + "partitions?); it is not counted: {}", start, partial);
            return;
        }
        add(partial, start);
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

    /** The window a partial belongs to. */
    protected abstract long windowStart(P partial);

    /** Adds an input partition's partial result of the open window starting at {@code windowStart}. */
    protected abstract void add(P partial, long windowStart);

    /**
     * Writes the final results of every window still held that starts at or before {@code lastClosedStart}, then
     * drops their state.
     */
    protected abstract void emit(long lastClosedStart);

    /**
     * Writes one result row of the window starting at {@code windowStart}, its timestamp the window's last
     * millisecond (the latest event time it holds), and records how long after the window's close (its end plus
     * grace, on the wall clock) the row was written.
     */
    protected void forwardResult(SchemaAndValue key, SchemaAndValue value, long windowStart) {
        context.forward(new Record<>(key, value, windows.end(windowStart) - 1));
        long now = context.currentSystemTimeMs();
        resultLatency.record(Math.max(0, now - windows.end(windowStart) - windows.graceMs()), now);
    }
}
