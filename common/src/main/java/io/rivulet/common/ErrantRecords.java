package io.rivulet.common;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record a sink can never write goes to Connect's errant record reporter (the dead letter queue) when the
 * connector has one; otherwise it fails the task, saying which record, where it was going and why.
 */
public final class ErrantRecords {
    private static final Logger log = LoggerFactory.getLogger(ErrantRecords.class);

    private final ErrantRecordReporter reporter;

    public ErrantRecords(ErrantRecordReporter reporter) {
        this.reporter = reporter;
    }

    /** The task's reporter: null unless errors.tolerance=all with a dead letter queue, or on a worker before 2.6. */
    public static ErrantRecordReporter reporterOf(SinkTaskContext context) {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    /** Whether a reported record goes to a dead letter queue rather than failing the task. */
    public boolean reports() {
        return reporter != null;
    }

    /** Reports the record, or throws naming it, {@code target} (e.g. "table public.sales") and the reason. */
    public void unwritable(SinkRecord record, String target, String reason, Exception error) {
        String message = "Cannot write the record at " + record.originalTopic() + "/"
                + record.originalKafkaPartition() + "@" + record.originalKafkaOffset() + " to " + target + ": "
                + reason;
        if (reporter == null) {
            throw new ConnectException(message + " (set errors.tolerance=all and errors.deadletterqueue.topic.name "
                    + "to route such records to a dead letter queue)", error);
        }
        log.warn("{}; sent to the errant record reporter", message);
        try {
            reporter.report(record, new ConnectException(message, error)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while reporting " + message, e);
        } catch (ExecutionException e) {
            throw new ConnectException("Reporting failed for " + message, e.getCause());
        }
    }
}
