package io.rivulet.connect.jdbc.write;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.connect.jdbc.dialect.TableId;

/**
 * A record that can never be written goes to Connect's errant record reporter (the dead letter queue) when the
 * connector has one; otherwise it fails the task, saying which record, which table and why.
 */
final class ErrantRecords {
    private static final Logger log = LoggerFactory.getLogger(ErrantRecords.class);

    private final ErrantRecordReporter reporter;

    ErrantRecords(ErrantRecordReporter reporter) {
        this.reporter = reporter;
    }

    void unwritable(SinkRecord record, TableId table, String reason, Exception error) {
        String message = "Cannot write the record at " + record.originalTopic() + "/"
                + record.originalKafkaPartition() + "@" + record.originalKafkaOffset() + " to table " + table
                + ": " + reason;
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
