package io.rivulet.connect.druid;

import java.util.Map;

/**
 * What a Druid sink task shows in JMX, under
 * {@code io.rivulet.connect.druid:type=DruidSink,name=<connector>,instance=<n>}.
 */
public interface DruidSinkMetricsMXBean {
    /** Whether Druid cannot be reached right now (the task retries with backoff). */
    boolean isDruidUnavailable();

    /** Seconds since the current outage began; 0 when Druid is reachable. */
    long getOutageSeconds();

    /** Outages seen since the task started. */
    long getOutages();

    /** Flushes that failed on an unreachable or overloaded Druid and were retried. */
    long getFailedFlushes();

    /** Ingestion tasks that succeeded. */
    long getSucceededTasks();

    /** Ingestion tasks that ended FAILED. */
    long getFailedTasks();

    /** Ingestion tasks that ended, successfully or not: how long each took from its submission to its end. */
    long getIngestionTaskSecondsCount();

    double getIngestionTaskSecondsSum();

    /** The longest ingestion task of the last minute. */
    double getIngestionTaskSecondsMax();

    /** The 0.5 and 0.99 quantiles of the last minute, by quantile. */
    Map<String, Double> getIngestionTaskSecondsQuantiles();

    /** Rows written by those tasks (a chunk written again counts its rows again). */
    long getRowsWritten();

    /** Records sent to the errant record reporter (dead letter queue). */
    long getErrantRecords();

    /** The last error talking to Druid, or empty. */
    String getLastError();
}
