package io.rivulet.aggregator.window;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.rivulet.aggregator.event.EventType;
import io.rivulet.aggregator.event.Routed;
import io.rivulet.aggregator.output.LateEvents;

/**
 * Stands in front of an aggregation, on the input partition itself: parses each record, decides whether it is late
 * by that partition's own stream time, and tells the aggregation how far the partition has got. Deciding here, in
 * the partition's order, makes the results the same however the aggregation's input interleaves the partitions,
 * so a replay gives the same numbers as the first run.
 *
 * <p>An event is late when its window's end plus grace is at or below the partition's stream time. A watermark goes
 * out whenever the partition's stream time closes another window.
 */
public final class EventGate<E> implements Processor<byte[], SchemaAndValue, String, Routed<E>> {
    private final EventType<E> type;
    private final TumblingWindows windows;
    private final String name;
    private ProcessorContext<String, Routed<E>> context;
    private Sensor lateSensor;
    private long lastWatermarkWindow = Long.MIN_VALUE;

    public EventGate(String name, EventType<E> type, TumblingWindows windows) {
        this.name = name;
        this.type = type;
        this.windows = windows;
    }

    @Override
    public void init(ProcessorContext<String, Routed<E>> context) {
        this.context = context;
        this.lateSensor = Metrics.lateEvents(context, name);
    }

    @Override
    public void process(Record<byte[], SchemaAndValue> record) {
        E event = type.parse(record.value());
        long time = type.time(event);
        long start = windows.start(time);
        long partitionTime = Math.max(context.currentStreamTimeMs(), time);
        if (windows.closed(start, partitionTime)) {
            lateSensor.record();
            LateEvents.Event late = type.describe(event);
            Record<SchemaAndValue, SchemaAndValue> out = LateEvents.record(type.topic(), late, time, start,
                    partitionTime);
            context.forward(new Record<>(late.key(), new Routed.Late<>(out.key(), out.value()), time));
            return;
        }
        context.forward(new Record<>(type.aggregationKey(event), new Routed.Event<>(event), time));
        long closedWindow = windows.lastClosedStart(partitionTime);
        if (closedWindow > lastWatermarkWindow) {
            lastWatermarkWindow = closedWindow;
            int partition = context.recordMetadata().map(m -> m.partition()).orElse(0);
            context.forward(new Record<>(Routed.WATERMARK_KEY, new Routed.Watermark<>(partition, partitionTime),
                    partitionTime));
        }
    }
}
