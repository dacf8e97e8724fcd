package io.rivulet.aggregator.window;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * The aggregator's own metrics, registered with Kafka Streams so they show in JMX next to its metrics:
 * {@code kafka.streams:type=stream-rivulet-aggregator-metrics,thread-id=...,rivulet-aggregator-id=<name>-<task>}
 * with {@code events-total}/{@code -rate} (input events of the task), {@code late-events-total}/{@code -rate} and
 * {@code duplicate-events-total}/{@code -rate}. The task is part of the id because a thread runs several tasks of
 * the same processor.
 */
public final class Metrics {
    public static final String SCOPE = "rivulet-aggregator";

    private Metrics() {
    }

    private static String entity(ProcessingContext context, String name) {
        return name + "-" + context.taskId();
    }

    /** Input events this task processed: shows which instance works on which input partitions. */
    static Sensor events(ProcessingContext context, String name) {
        return context.metrics().addRateTotalSensor(SCOPE, entity(context, name), "events",
                Sensor.RecordingLevel.INFO);
    }

    static Sensor lateEvents(ProcessingContext context, String name) {
        return context.metrics().addRateTotalSensor(SCOPE, entity(context, name), "late-events",
                Sensor.RecordingLevel.INFO);
    }

    public static Sensor duplicateEvents(ProcessingContext context, String name) {
        return context.metrics().addRateTotalSensor(SCOPE, entity(context, name), "duplicate-events",
                Sensor.RecordingLevel.INFO);
    }
}
