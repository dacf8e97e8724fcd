package io.rivulet.connect.http;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.rivulet.common.DurationSummary;

/**
 * HTTP requests by the class of their answer's status (2xx to 5xx; other statuses are not counted by class), and
 * how long each took: what the listener answered its clients, or what an endpoint answered a pulling task.
 */
public class HttpAnswers implements HttpAnswersMXBean {
    /** The JMX domain of the HTTP connectors' metrics. */
    public static final String MBEAN_DOMAIN = "io.rivulet.connect.http";

    private final LongAdder[] byClass = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    private final DurationSummary durations = new DurationSummary();

    /** A request that began at {@code startNanos} ({@link System#nanoTime()}) was answered {@code status}. */
    public void answered(int status, long startNanos) {
        durations.recordSince(startNanos);
        int statusClass = status / 100;
        if (statusClass >= 2 && statusClass <= 5) {
            byClass[statusClass - 2].increment();
        }
    }

    /** A request that began at {@code startNanos} got no answer (connection refused or broken, a timeout). */
    public void unanswered(long startNanos) {
        durations.recordSince(startNanos);
    }

    @Override
    public long getResponses2xx() {
        return byClass[0].sum();
    }

    @Override
    public long getResponses3xx() {
        return byClass[1].sum();
    }

    @Override
    public long getResponses4xx() {
        return byClass[2].sum();
    }

    @Override
    public long getResponses5xx() {
        return byClass[3].sum();
    }

    @Override
    public long getRequestSecondsCount() {
        return durations.count();
    }

    @Override
    public double getRequestSecondsSum() {
        return durations.sumSeconds();
    }

    @Override
    public double getRequestSecondsMax() {
        return durations.maxSeconds();
    }

    @Override
    public Map<String, Double> getRequestSecondsQuantiles() {
        return durations.quantileSeconds();
    }
}
