package io.rivulet.connect.jdbc.write;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.rivulet.common.DurationSummary;

/** The counts behind {@link JdbcSinkMetricsMXBean}. */
public final class JdbcSinkMetrics implements JdbcSinkMetricsMXBean {
    /** The JMX domain of the JDBC sink's metrics. */
    public static final String MBEAN_DOMAIN = "io.rivulet.connect.jdbc";

    private final LongAdder rows = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final DurationSummary flushes = new DurationSummary();

    /** A batch begun at {@code startNanos} committed with {@code rowsWritten} rows. */
    void committed(int rowsWritten, long startNanos) {
        rows.add(rowsWritten);
        flushes.recordSince(startNanos);
    }

    void retried() {
        retries.increment();
    }

    @Override
    public long getRowsWritten() {
        return rows.sum();
    }

    @Override
    public long getWriteRetries() {
        return retries.sum();
    }

    @Override
    public long getFlushSecondsCount() {
        return flushes.count();
    }

    @Override
    public double getFlushSecondsSum() {
        return flushes.sumSeconds();
    }

    @Override
    public double getFlushSecondsMax() {
        return flushes.maxSeconds();
    }

    @Override
    public Map<String, Double> getFlushSecondsQuantiles() {
        return flushes.quantileSeconds();
    }
}
