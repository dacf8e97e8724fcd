package io.rivulet.connect.druid;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.rivulet.common.Backoff;
import io.rivulet.common.DurationSummary;

/**
 * Counters of one Druid sink task, and its outage state: when Druid became unreachable, how often a flush has
 * failed since, and when the next try is due (a pause that doubles from 1 s up to 30 s, with jitter).
 */
final class DruidSinkMetrics implements DruidSinkMetricsMXBean {
    private static final Backoff OUTAGE_BACKOFF = new Backoff(1_000, 30_000);

    private volatile long outageSinceMs = -1;
    private volatile int failuresInOutage;
    private volatile long nextAttemptMs;
    private volatile long outages;
    private volatile long failedFlushes;
    private volatile long succeededTasks;
    private volatile long rowsWritten;
    private volatile long errantRecords;
    private volatile String lastError = "";
    private volatile long failedTasks;
    private final DurationSummary taskDurations = new DurationSummary();

    boolean inOutage() {
        return outageSinceMs >= 0;
    }

    long nextAttemptMs() {
        return nextAttemptMs;
    }

    /** A flush failed on a transient error: starts or extends the outage; returns the pause before the next try. */
    synchronized long flushFailed(long nowMs, String error) {
        if (outageSinceMs < 0) {
            outageSinceMs = nowMs;
            outages++;
            failuresInOutage = 0;
        }
        failuresInOutage++;
        failedFlushes++;
        lastError = error;
        long pause = OUTAGE_BACKOFF.delayMs(failuresInOutage - 1);
        nextAttemptMs = nowMs + pause;
        return pause;
    }

    /** A flush succeeded: ends the outage; returns how long it lasted in ms, or -1 if there was none. */
    synchronized long flushSucceeded(long nowMs) {
        long lasted = outageSinceMs < 0 ? -1 : nowMs - outageSinceMs;
        outageSinceMs = -1;
        failuresInOutage = 0;
        return lasted;
    }

    int failuresInOutage() {
        return failuresInOutage;
    }

    synchronized void taskSucceeded(int rows) {
        succeededTasks++;
        rowsWritten += rows;
    }

    /** An ingestion task submitted at {@code startNanos} ended, successfully or not. */
    synchronized void taskEnded(boolean succeeded, long startNanos) {
        taskDurations.recordSince(startNanos);
        if (!succeeded) {
            failedTasks++;
        }
    }

    synchronized void errantRecord() {
        errantRecords++;
    }

    @Override
    public boolean isDruidUnavailable() {
        return inOutage();
    }

    @Override
    public long getOutageSeconds() {
        long since = outageSinceMs;
        return since < 0 ? 0 : TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis() - since);
    }

    @Override
    public long getOutages() {
        return outages;
    }

    @Override
    public long getFailedFlushes() {
        return failedFlushes;
    }

    @Override
    public long getSucceededTasks() {
        return succeededTasks;
    }

    @Override
    public long getRowsWritten() {
        return rowsWritten;
    }

    @Override
    public long getErrantRecords() {
        return errantRecords;
    }

    @Override
    public long getFailedTasks() {
        return failedTasks;
    }

    @Override
    public long getIngestionTaskSecondsCount() {
        return taskDurations.count();
    }

    @Override
    public double getIngestionTaskSecondsSum() {
        return taskDurations.sumSeconds();
    }

    @Override
    public double getIngestionTaskSecondsMax() {
        return taskDurations.maxSeconds();
    }

    @Override
    public Map<String, Double> getIngestionTaskSecondsQuantiles() {
        return taskDurations.quantileSeconds();
    }

    @Override
    public String getLastError() {
        return lastError;
    }
}
