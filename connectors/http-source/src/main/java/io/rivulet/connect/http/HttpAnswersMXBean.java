package io.rivulet.connect.http;

import java.util.Map;

/**
 * HTTP requests in JMX: by the class of their answer's status, and how long they took. The listener's answers to
 * its clients under {@code io.rivulet.connect.http:type=HttpListener,connector=<connector>,port=<port>} (from a
 * request's first byte to its answer written, waiting for the events' write included); a pull task's requests of an
 * endpoint under {@code type=HttpPull} ({@link io.rivulet.connect.http.pull.HttpPullMetricsMXBean}).
 */
public interface HttpAnswersMXBean {
    long getResponses2xx();

    long getResponses3xx();

    long getResponses4xx();

    long getResponses5xx();

    long getRequestSecondsCount();

    double getRequestSecondsSum();

    /** The longest request of the last minute. */
    double getRequestSecondsMax();

    /** The 0.5 and 0.99 quantiles of the last minute, by quantile. */
    Map<String, Double> getRequestSecondsQuantiles();
}
