package io.rivulet.connect.druid;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.common.PluginVersion;

/**
 * Keeps every row of the time chunks it may still rewrite, and on each flush replaces the changed chunks in Druid
 * with one native batch task per datasource, waiting for the task to succeed before offsets move on.
 */
public class DruidSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(DruidSinkTask.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DruidSinkConfig config;
    private Overlord overlord;
    private Chunks chunks;
    private final Map<String, List<Map<String, String>>> dimensions = new HashMap<>();
    private long lastFlushMs;
    /** A flush that failed; put() rethrows it (Connect only logs what preCommit throws) so the task fails. */
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
        lastFlushMs = System.currentTimeMillis();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (failed != null) {
            throw failed;
        }
        String timeField = config.getString(DruidSinkConfig.TIMESTAMP_FIELD_CONFIG);
        for (SinkRecord record : records) {
            TopicPartition partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            if (record.value() == null) {
                chunks.processed(partition, record.originalKafkaOffset());
                continue;
            }
            if (!(record.value() instanceof Struct)) {
                throw new DataException("The record at " + record.originalTopic() + "/"
                        + record.originalKafkaPartition() + "@" + record.originalKafkaOffset()
                        + " has no struct value with a schema; the Druid sink needs one");
            }
            Struct value = (Struct) record.value();
            String datasource = config.datasource(record.topic());
            dimensions.computeIfAbsent(datasource, ds -> IngestionSpec.dimensions(value.schema(), timeField,
                    config.getList(DruidSinkConfig.DIMENSIONS_CONFIG)));
            ObjectNode row = row(value);
            JsonNode time = row.get(timeField);
            if (time == null || !time.canConvertToLong()) {
                throw new DataException("The record at " + record.originalTopic() + "/"
                        + record.originalKafkaPartition() + "@" + record.originalKafkaOffset() + " has no time in "
                        + timeField + " (druid.timestamp.field)");
            }
            String key = record.key() == null ? partition + "@" + record.originalKafkaOffset()
                    : record.key().toString();
            chunks.add(partition, record.originalKafkaOffset(), datasource, time.asLong(), key, row.toString());
        }
        if (System.currentTimeMillis() - lastFlushMs >= config.getLong(DruidSinkConfig.FLUSH_INTERVAL_CONFIG)) {
            flushChanged();
        }
    }

    private static ObjectNode row(Struct value) {
        ObjectNode row = JSON.createObjectNode();
        for (Field field : value.schema().fields()) {
            Object v = value.get(field);
            if (v == null) {
                row.putNull(field.name());
            } else if (v instanceof Date) {
                row.put(field.name(), ((Date) v).getTime());
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                row.put(field.name(), ((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                row.put(field.name(), ((Number) v).doubleValue());
            } else if (v instanceof BigDecimal) {
                row.put(field.name(), ((BigDecimal) v).doubleValue());
            } else if (v instanceof Boolean) {
                row.put(field.name(), (Boolean) v);
            } else {
                row.put(field.name(), v.toString());
            }
        }
        return row;
    }

    /** Replaces every changed chunk, one task per datasource; returns once Druid has them all. */
    private void flushChanged() {
        if (failed != null) {
            throw failed; // tried druid.task.max.attempts times already
        }
        try {
            replaceChanged();
        } catch (ConnectException e) {
            failed = e;
            throw e;
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

    /** One task that replaces these whole chunks of the datasource. */
    private void replace(String datasource, List<Map.Entry<Chunks.Id, Chunks.Rows>> batch) {
        List<Long> starts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (Map.Entry<Chunks.Id, Chunks.Rows> chunk : batch) {
            starts.add(chunk.getKey().start());
            rows.addAll(chunk.getValue().byKey.values());
        }
        String spec = IngestionSpec.of(datasource, config.getString(DruidSinkConfig.TIMESTAMP_FIELD_CONFIG),
                config.getString(DruidSinkConfig.SEGMENT_GRANULARITY_CONFIG).toLowerCase(Locale.ROOT),
                dimensions.get(datasource), starts, chunks.chunkMs(), rows);
        runTask(datasource, starts, rows.size(), spec);
        batch.forEach(chunk -> chunk.getValue().changed = false);
    }

    private void runTask(String datasource, List<Long> starts, int rows, String spec) {
        int attempts = config.getInt(DruidSinkConfig.TASK_ATTEMPTS_CONFIG);
        String last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long started = System.nanoTime();
            String taskId = overlord.submit(spec);
            JsonNode status = overlord.await(taskId, Duration.ofMillis(config.getLong(
                    DruidSinkConfig.TASK_TIMEOUT_CONFIG)));
            if (status.path("status").asText().equals("SUCCESS")) {
                log.info("Druid task {} replaced {} chunk(s) of {} with {} rows in {} ms", taskId, starts.size(),
                        datasource, rows, (System.nanoTime() - started) / 1_000_000);
                return;
            }
            last = "Druid task " + taskId + " for " + datasource + " (" + starts.size() + " chunk(s), " + rows
                    + " rows) ended " + status.path("status").asText() + ": " + status.path("errorMsg").asText();
            String unparseable = overlord.firstUnparseableRow(taskId);
            if (!unparseable.isEmpty()) {
                last += "; first unparseable: " + unparseable;
            }
            log.warn("{}; attempt {} of {}", last, attempt, attempts);
            if (attempt < attempts) {
                backOff(attempt);
            }
        }
        throw new ConnectException(last + " (after " + attempts + " attempts, druid.task.max.attempts)");
    }

    /** A growing pause before the next attempt, so a Druid that is briefly short of task slots or locks recovers. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(30_000L, 1_000L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted between Druid task attempts", e);
        }
    }

    /** Writes the changed chunks, then offsets up to the first record of any chunk still held. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            flushChanged();
        } catch (ConnectException e) {
            // Already recorded; put() fails the task. Connect also calls this while closing a failed task.
        }
        return chunks.committable(); // never past a chunk that is not in Druid yet
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        chunks.dropPartitions(partitions);
    }

    @Override
    public void stop() {
    }
}
