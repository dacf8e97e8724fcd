package io.rivulet.aggregator.window;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.metrics.stats.WindowedSum;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * The aggregator's own metrics, registered with Kafka Streams so they show in JMX next to its metrics:
 * {@code kafka.streams:type=stream-rivulet-aggregator-metrics,thread-id=...,rivulet-aggregator-id=<name>-<task>}
 * with {@code events-total}/{@code -rate} (input events of the task), {@code late-events-total}/{@code -rate},
 * {@code duplicate-events-total}/{@code -rate}, the results' latency ({@link #windowResultLatency}), and the
 * open windows' state of an input partition's task,
 * {@code open-window-members} and {@code open-window-bytes} (set every second). The task is part of the id
 * because a thread runs several tasks of the same processor.
 */
public final class Metrics {
    public static final String SCOPE = "rivulet-aggregator";

    private Metrics() {
    }

    private static String entity(ProcessingContext context, String name) {
        return name + "-" + context.taskId();
    }

    /**
     * Input events this task processed: shows which instance works on which input partitions. Recorded as counts
     * at intervals ({@code events-total} and {@code -rate}, as a rate-total sensor names them), since recording each
     * event took a twentieth of the aggregator's time.
     */
    static Sensor events(ProcessingContext context, String name) {
        String entity = entity(context, name);
        Sensor sensor = context.metrics().addSensor(SCOPE + "." + entity + ".events", Sensor.RecordingLevel.INFO);
        Map<String, String> tags = tags(entity);
        sensor.add(new MetricName("events-total", group(), "Input events the task processed", tags),
                new CumulativeSum());
        sensor.add(new MetricName("events-rate", group(), "Input events the task processed per second", tags),
                new Rate(TimeUnit.SECONDS, new WindowedSum()));
        return sensor;
    }

    static Sensor lateEvents(ProcessingContext context, String name) {
        return context.metrics().addRateTotalSensor(SCOPE, entity(context, name), "late-events",
                Sensor.RecordingLevel.INFO);
    }

    public static Sensor duplicateEvents(ProcessingContext context, String name) {
        return context.metrics().addRateTotalSensor(SCOPE, entity(context, name), "duplicate-events",
                Sensor.RecordingLevel.INFO);
    }

    /**
     * How long after each window's close (its end plus grace, on the wall clock) its result rows were written:
     * {@code window-result-latency-ms-total} and {@code window-results-total} (their sum and count, for averages
     * over any period), {@code window-result-latency-ms-max} (the largest in the last samples, 30 s by default).
     */
    static Sensor windowResultLatency(ProcessingContext context, String name) {
        // results-<processor>-<task>: the final stage's own id, apart from the <processor>-<task> ids of the input
        // partitions' tasks, whose events-total a query for <processor>-* adds up.
        String entity = entity(context, "results-" + name);
        Sensor sensor = context.metrics().addSensor(SCOPE + "." + entity + ".window-result-latency",
                Sensor.RecordingLevel.INFO);
        Map<String, String> tags = tags(entity);
        sensor.add(new MetricName("window-result-latency-ms-total", group(), "Milliseconds from each window's close "
                + "to its result rows, added up", tags), new CumulativeSum());
        sensor.add(new MetricName("window-results-total", group(), "Result rows written", tags),
                new CumulativeCount());
        sensor.add(new MetricName("window-result-latency-ms-max", group(), "The longest time from a window's close "
                + "to a result row, in milliseconds", tags), new Max());
        return sensor;
    }

    /** The open windows' members of an input partition's task; see {@link #openWindowBytes}. */
    static Sensor openWindowMembers(ProcessingContext context, String name) {
        return gauge(context, name, "open-window-members", "Members (users, orders) of the task's open windows");
    }

    /** The bytes the open windows' members take in memory. */
    static Sensor openWindowBytes(ProcessingContext context, String name) {
        return gauge(context, name, "open-window-bytes", "Bytes the task's open windows take in memory");
    }

    private static Sensor gauge(ProcessingContext context, String name, String metric, String description) {
        String entity = entity(context, name);
        Sensor sensor = context.metrics().addSensor(SCOPE + "." + entity + "." + metric, Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(metric, group(), description, tags(entity)), new Value());
        return sensor;
    }

    private static String group() {
        return "stream-" + SCOPE + "-metrics";
    }

    /** The tags in Kafka Streams' order, so the figures join the task's other metrics in one MBean. */
    private static Map<String, String> tags(String entity) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("thread-id", Thread.currentThread().getName());
        tags.put(SCOPE + "-id", entity);
        return tags;
    }
}
