package io.rivulet.connect.druid;

/** What a Druid sink task shows in JMX, under {@code io.rivulet.connect.druid:type=DruidSink,name=<connector>}. */
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

    /** Rows written by those tasks (a chunk written again counts its rows again). */
    long getRowsWritten();

    /** Records sent to the errant record reporter (dead letter queue). */
    long getErrantRecords();

    /** The last error talking to Druid, or empty. */
    String getLastError();
}
