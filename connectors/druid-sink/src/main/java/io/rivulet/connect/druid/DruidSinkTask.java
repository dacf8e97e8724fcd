package io.rivulet.connect.druid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.common.Backoff;
import io.rivulet.common.ErrantRecords;
import io.rivulet.common.MBeans;
import io.rivulet.common.PluginVersion;

/**
 * Keeps every row of the time chunks it may still rewrite, and on each flush replaces the changed chunks in Druid
 * with one native batch task per datasource, waiting for the task to succeed before offsets move on. An unreachable
 * Druid is an outage: the flush is tried again with backoff, for as long as it lasts, with nothing committed past it.
 */
public class DruidSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(DruidSinkTask.class);
    private static final Backoff ATTEMPT_BACKOFF = new Backoff(1_000, 30_000);
    static final String MBEAN_DOMAIN = "io.rivulet.connect.druid";

    private DruidSinkConfig config;
    private Overlord overlord;
    private Chunks chunks;
    private Dimensions dimensions;
    private ErrantRecords errant;
    private final DruidSinkMetrics metrics = new DruidSinkMetrics();
    private MBeans.Registration registration;
    private long lastFlushMs;
    /** A flush that failed for good; put() rethrows it (Connect only logs what preCommit throws) so the task fails. */
    private ConnectException failed;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        config = new DruidSinkConfig(props);
        overlord = new Overlord(config);
        chunks = new Chunks(config.chunkMs());
        dimensions = new Dimensions(config.getString(DruidSinkConfig.TIMESTAMP_FIELD_CONFIG),
                config.getList(DruidSinkConfig.DIMENSIONS_CONFIG));
        errant = new ErrantRecords(ErrantRecords.reporterOf(context));
        registration = MBeans.register(MBEAN_DOMAIN, "DruidSink", props.getOrDefault("name", ""), metrics);
        lastFlushMs = System.currentTimeMillis();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (failed != null) {
            throw failed;
        }
        for (SinkRecord record : records) {
            add(record);
        }
        if (flushDue()) {
            try {
                flushChanged();
            } catch (RetriableException e) {
                // Connect pauses the partitions and hands this batch over again after the pause (its rows are
                // already held, so taking them again changes nothing): memory stays bounded however long it lasts.
                context.timeout(Math.max(1, metrics.nextAttemptMs() - System.currentTimeMillis()));
                throw e;
            }
        }
    }

    private void add(SinkRecord record) {
        TopicPartition partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
        String datasource = config.datasource(record.topic());
        if (record.value() == null) {
            chunks.processed(partition, record.originalKafkaOffset());
            return;
        }
        if (!(record.value() instanceof Struct)) {
            unwritable(record, datasource, "it has no struct value with a schema; the Druid sink needs one");
            return;
        }
        Struct value = (Struct) record.value();
        String timeField = config.getString(DruidSinkConfig.TIMESTAMP_FIELD_CONFIG);
        ObjectNode row = DruidRow.of(value, record);
        JsonNode time = row.get(timeField);
        if (time == null || !time.canConvertToLong()) {
            unwritable(record, datasource, "it has no time in " + timeField + " (druid.timestamp.field)");
            return;
        }
        List<String> added = dimensions.learn(datasource, value.schema());
        if (!added.isEmpty()) {
            log.info("Datasource {} gains columns {} (schema {} version {})", datasource, added,
                    value.schema().name(), value.schema().version());
        }
        String key = record.key() == null ? partition + "@" + record.originalKafkaOffset() : record.key().toString();
        chunks.add(partition, record.originalKafkaOffset(), datasource, time.asLong(), key,
                new Chunks.Row(row.toString(), record));
    }

    private void unwritable(SinkRecord record, String datasource, String reason) {
        errant.unwritable(record, "Druid datasource " + datasource, reason, null);
        metrics.errantRecord();
        chunks.processed(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                record.originalKafkaOffset());
    }

    /** At the flush interval; during an outage, when the backoff has passed. */
    private boolean flushDue() {
        long now = System.currentTimeMillis();
        return metrics.inOutage() ? now >= metrics.nextAttemptMs()
                : now - lastFlushMs >= config.getLong(DruidSinkConfig.FLUSH_INTERVAL_CONFIG);
    }

    /**
     * Replaces every changed chunk, one task per datasource; returns once Druid has them all. Throws a
     * {@link RetriableException} while Druid cannot be reached, a {@link ConnectException} once it never will.
     */
    private void flushChanged() {
        if (failed != null) {
            throw failed;
        }
        try {
            replaceChanged();
        } catch (RetriableException e) {
            long pause = metrics.flushFailed(System.currentTimeMillis(), e.getMessage());
            log.warn("Druid is unavailable for {} s ({} failed flush(es) so far): {}; nothing is committed past "
                    + "the unwritten chunks, next try in {} ms", metrics.getOutageSeconds(),
                    metrics.failuresInOutage(), e.getMessage(), pause);
            throw e;
        } catch (ConnectException e) {
            failed = e;
            throw e;
        }
        long outage = metrics.flushSucceeded(System.currentTimeMillis());
        if (outage >= 0) {
            log.info("Druid at {} is back after {} ms; the held chunks are written", overlord, outage);
        }
    }

    private void replaceChanged() {
        int maxRows = config.getInt(DruidSinkConfig.TASK_MAX_ROWS_CONFIG);
        for (Map.Entry<String, List<Map.Entry<Chunks.Id, Chunks.Rows>>> datasource : chunks.changed().entrySet()) {
            List<Map.Entry<Chunks.Id, Chunks.Rows>> batch = new ArrayList<>();
            int rows = 0;
            for (Map.Entry<Chunks.Id, Chunks.Rows> chunk : datasource.getValue()) {
                int size = chunk.getValue().byKey.size();
                if (!batch.isEmpty() && rows + size > maxRows) {
                    replace(datasource.getKey(), batch);
                    batch.clear();
                    rows = 0;
                }
                batch.add(chunk);
                rows += size;
            }
            replace(datasource.getKey(), batch);
        }
        chunks.evict(context.assignment(), config.getLong(DruidSinkConfig.RETENTION_CONFIG));
        lastFlushMs = System.currentTimeMillis();
    }

    /** Tasks that replace these whole chunks of the datasource, until one succeeds. */
    private void replace(String datasource, List<Map.Entry<Chunks.Id, Chunks.Rows>> batch) {
        while (!runTask(datasource, batch)) {
            // a row Druid could not parse went to the errant record reporter: write the chunks without it
        }
        batch.forEach(chunk -> chunk.getValue().changed = false);
    }

    /**
     * Submits the task up to druid.task.max.attempts times; true once it succeeded, false when it failed on a row
     * that was then reported as errant and taken out (the caller writes the chunks again without it).
     */
    private boolean runTask(String datasource, List<Map.Entry<Chunks.Id, Chunks.Rows>> batch) {
        List<Long> starts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (Map.Entry<Chunks.Id, Chunks.Rows> chunk : batch) {
            starts.add(chunk.getKey().start());
            chunk.getValue().byKey.values().forEach(row -> rows.add(row.json()));
        }
        if (rows.isEmpty()) {
            return true; // its only rows were reported as errant: nothing of these chunks ever reached Druid
        }
        String spec = IngestionSpec.of(datasource, config.getString(DruidSinkConfig.TIMESTAMP_FIELD_CONFIG),
                config.getString(DruidSinkConfig.SEGMENT_GRANULARITY_CONFIG).toLowerCase(Locale.ROOT),
                dimensions.of(datasource), starts, chunks.chunkMs(), rows);
        int attempts = config.getInt(DruidSinkConfig.TASK_ATTEMPTS_CONFIG);
        String last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long started = System.nanoTime();
            String taskId = overlord.submit(spec);
            JsonNode status = overlord.await(taskId, Duration.ofMillis(config.getLong(
                    DruidSinkConfig.TASK_TIMEOUT_CONFIG)));
            boolean succeeded = status.path("status").asText().equals("SUCCESS");
            metrics.taskEnded(succeeded, started);
            if (succeeded) {
                metrics.taskSucceeded(rows.size());
                log.info("Druid task {} replaced {} chunk(s) of {} with {} rows in {} ms", taskId, starts.size(),
                        datasource, rows.size(), (System.nanoTime() - started) / 1_000_000);
                return true;
            }
            last = "Druid task " + taskId + " for " + datasource + " (" + starts.size() + " chunk(s), " + rows.size()
                    + " rows) ended " + status.path("status").asText() + ": " + status.path("errorMsg").asText();
            Overlord.Unparseable unparseable = overlord.firstUnparseableRow(taskId);
            if (unparseable != null) {
                last += "; first unparseable: " + unparseable.message();
                if (errant.reports() && reportUnparseable(datasource, unparseable, last)) {
                    return false;
                }
            }
            log.warn("{}; attempt {} of {}", last, attempt, attempts);
            if (attempt < attempts) {
                backOff(attempt);
            }
        }
        throw new ConnectException(last + " (after " + attempts + " attempts, druid.task.max.attempts)");
    }

    /** Sends the record of the row Druid could not parse to the dead letter queue and takes the row out. */
    private boolean reportUnparseable(String datasource, Overlord.Unparseable unparseable, String failure) {
        String ref = unparseable.recordRef();
        if (ref == null) {
            return false;
        }
        SinkRecord record = chunks.take(datasource, ref);
        if (record == null) {
            return false;
        }
        errant.unwritable(record, "Druid datasource " + datasource, failure, null);
        metrics.errantRecord();
        return true;
    }

    /** A growing pause before the next attempt, so a Druid that is briefly short of task slots or locks recovers. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ATTEMPT_BACKOFF.delayMs(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted between Druid task attempts", e);
        }
    }

    /** Writes the changed chunks when due, then offsets up to the first record of any chunk still held. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (failed == null && (flushDue() || !metrics.inOutage())) {
            try {
                flushChanged();
            } catch (ConnectException e) {
                // Logged and recorded: an outage is tried again later, a lasting failure fails the task in put().
                // Connect also calls this while closing a failed task.
            }
        }
        return chunks.committable(); // never past a chunk that is not in Druid yet
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        chunks.dropPartitions(partitions);
    }

    @Override
    public void stop() {
        MBeans.unregister(registration);
        registration = null;
    }
}
