package io.rivulet.connect.jdbc.write;

import java.util.Map;

/**
 * What a JDBC sink task wrote, in JMX under {@code io.rivulet.connect.jdbc:type=JdbcSink,name=<connector>,
 * instance=<n>}: rows in committed transactions, and how long each batch took from its first attempt to its commit
 * (a flush: one transaction, retries included).
 */
public interface JdbcSinkMetricsMXBean {
    /** Rows upserted, inserted or deleted in committed transactions (rows set aside as bad are not counted). */
    long getRowsWritten();

    /** Attempts that failed on a transient error and were retried on a new connection. */
    long getWriteRetries();

    long getFlushSecondsCount();

    double getFlushSecondsSum();

    /** The longest flush of the last minute. */
    double getFlushSecondsMax();

    /** The 0.5 and 0.99 quantiles of the last minute, by quantile. */
    Map<String, Double> getFlushSecondsQuantiles();
}
