package io.rivulet.connect.jdbc.write;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.connect.jdbc.JdbcSinkConfig;
import io.rivulet.connect.jdbc.TableNameFormat;
import io.rivulet.connect.jdbc.dialect.Column;
import io.rivulet.connect.jdbc.dialect.DatabaseDialect;
import io.rivulet.connect.jdbc.dialect.DatabaseDialect.WriteMode;
import io.rivulet.connect.jdbc.dialect.TableDefinition;
import io.rivulet.connect.jdbc.dialect.TableId;

/**
 * Buffers records per table across put() calls and writes everything buffered in one database transaction per
 * flush. Only offsets of records whose transaction committed (or that were skipped or handed to the errant record
 * reporter) are reported as committable. Transient failures retry the whole flush on a new connection; a record
 * that can never be written is found by writing row by row under savepoints, then reported or fails the task.
 */
public final class BatchWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final JdbcSinkConfig config;
    private final DatabaseDialect dialect;
    private final ErrantRecordReporter reporter;
    private final WriteMode mode;
    private final Map<TableId, TableBuffer> buffers = new LinkedHashMap<>();
    private final Map<TableId, TableDefinition> tables = new HashMap<>();
    private final Map<TableId, Map<List<Schema>, RecordLayout>> layouts = new HashMap<>();
    /** Offsets of records taken in but not yet committed to the database, per partition (original coordinates). */
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private Connection connection;
    private int buffered;
    private long firstBufferedAtMs = -1;

    public BatchWriter(JdbcSinkConfig config, DatabaseDialect dialect, ErrantRecordReporter reporter) {
        this.config = config;
        this.dialect = dialect;
        this.reporter = reporter;
        this.mode = WriteMode.valueOf(config.insertMode().toUpperCase(Locale.ROOT));
    }

    /** Takes one record in; flushes first when its table's layout changes, and after when the batch is full. */
    public void add(SinkRecord record) {
        TopicPartition partition = TableBuffer.partitionOf(record);
        if (record.value() == null && !config.getBoolean(JdbcSinkConfig.DELETE_ENABLED_CONFIG)) {
            pending.put(partition, new OffsetAndMetadata(record.originalKafkaOffset() + 1));
            return; // a tombstone, and deletes are off
        }
        TableId table = new TableId(config.getString(JdbcSinkConfig.TABLE_SCHEMA_CONFIG),
                TableNameFormat.tableName(config.getString(JdbcSinkConfig.TABLE_NAME_FORMAT_CONFIG), record.topic()));
        RecordLayout layout;
        Object[] values;
        try {
            layout = layoutOf(table, record);
            values = layout.values(record);
        } catch (RuntimeException e) {
            unwritable(record, table, e.getMessage(), e);
            pending.put(partition, new OffsetAndMetadata(record.originalKafkaOffset() + 1));
            return;
        }
        TableBuffer buffer = buffers.get(table);
        if (buffer != null && record.value() != null && !sameColumns(buffer.layout(), layout)) {
            flush(); // a new schema version: write what came before it under the old layout
            buffer = null;
        }
        if (buffer == null) {
            buffer = new TableBuffer(table, layout, !layout.keyColumns().isEmpty());
            buffers.put(table, buffer);
        }
        if (record.value() == null) {
            buffer.delete(record, values);
        } else {
            buffer.add(record, values);
        }
        pending.put(partition, new OffsetAndMetadata(record.originalKafkaOffset() + 1));
        buffered++;
        if (firstBufferedAtMs < 0) {
            firstBufferedAtMs = System.currentTimeMillis();
        }
        if (buffered >= config.getInt(JdbcSinkConfig.BATCH_SIZE_CONFIG)) {
            flush();
        }
    }

    /** Flushes when the oldest buffered row has waited flush.interval.ms. */
    public void flushIfDue() {
        if (firstBufferedAtMs >= 0
                && System.currentTimeMillis() - firstBufferedAtMs >= config.flushInterval().toMillis()) {
            flush();
        }
    }

    /** Offsets Connect may commit: those of records that are in the database (or skipped, or reported). */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
        return new HashMap<>(committed);
    }

    /** Writes everything buffered in one transaction, retrying transient failures; throws when it cannot. */
    public void flush() {
        if (buffers.isEmpty()) {
            committed.putAll(pending);
            pending.clear();
            return;
        }
        long started = System.nanoTime();
        int rows = buffered;
        for (int attempt = 0; ; attempt++) {
            try {
                writeAll(false);
                break;
            } catch (SQLException e) {
                rollbackQuietly();
                if (!dialect.isTransient(e)) {
                    isolateBadRows();
                    break;
                }
                if (attempt >= config.getInt(JdbcSinkConfig.MAX_RETRIES_CONFIG)) {
                    throw new ConnectException("Writing " + rows + " rows to " + buffers.keySet() + " failed "
                            + (attempt + 1) + " times (max.retries=" + config.getInt(JdbcSinkConfig.MAX_RETRIES_CONFIG)
                            + "); last error: " + dialect.describe(e), e);
                }
                long wait = backoff(attempt);
                log.warn("Writing {} rows to {} failed ({}); reconnecting, retry {} of {} in {} ms", rows,
                        buffers.keySet(), dialect.describe(e), attempt + 1,
                        config.getInt(JdbcSinkConfig.MAX_RETRIES_CONFIG), wait);
                closeConnection();
                sleep(wait);
            }
        }
        buffers.clear();
        buffered = 0;
        firstBufferedAtMs = -1;
        committed.putAll(pending);
        pending.clear();
        log.debug("Flushed {} rows in {} ms", rows, (System.nanoTime() - started) / 1_000_000);
    }

    /** One transaction: each table's deletes, then its rows; row by row under savepoints when isolating. */
    private void writeAll(boolean rowByRow) throws SQLException {
        Connection db = connection();
        for (TableBuffer buffer : buffers.values()) {
            TableDefinition table = ensureTable(db, buffer);
            List<Column> key = buffer.layout().keyColumns();
            List<Column> values = buffer.layout().valueColumns();
            if (!rowByRow) {
                if (!buffer.deletes().isEmpty()) {
                    dialect.delete(db, table, key, valuesOf(buffer.deletes()));
                }
                if (!buffer.rows().isEmpty()) {
                    dialect.write(db, table, mode, key, values, valuesOf(buffer.rows()));
                }
                continue;
            }
            for (TableBuffer.Row row : buffer.deletes()) {
                writeIsolated(db, table, row, () -> dialect.delete(db, table, key, single(row)));
            }
            for (TableBuffer.Row row : buffer.rows()) {
                writeIsolated(db, table, row, () -> dialect.write(db, table, mode, key, values, single(row)));
            }
        }
        db.commit();
    }

    private static List<Object[]> single(TableBuffer.Row row) {
        List<Object[]> rows = new ArrayList<>(1);
        rows.add(row.values());
        return rows;
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private void writeIsolated(Connection db, TableDefinition table, TableBuffer.Row row, SqlWork work)
            throws SQLException {
        Savepoint savepoint = db.setSavepoint();
        try {
            work.run();
            db.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (dialect.isTransient(e)) {
                throw e;
            }
            db.rollback(savepoint);
            unwritable(row.record(), table.id(), dialect.describe(e), e);
        }
    }

    /** The batch failed on bad data: write it again row by row, so only the bad rows are set aside. */
    private void isolateBadRows() {
        for (int attempt = 0; ; attempt++) {
            try {
                writeAll(true);
                return;
            } catch (SQLException e) {
                rollbackQuietly();
                if (!dialect.isTransient(e) || attempt >= config.getInt(JdbcSinkConfig.MAX_RETRIES_CONFIG)) {
                    throw new ConnectException("Writing rows one by one to " + buffers.keySet() + " failed: "
                            + dialect.describe(e), e);
                }
                closeConnection();
                sleep(backoff(attempt));
            }
        }
    }

    /** A record that cannot be written: to the errant record reporter (dead letter queue) if any, else fail. */
    private void unwritable(SinkRecord record, TableId table, String reason, Exception error) {
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

    private TableDefinition ensureTable(Connection db, TableBuffer buffer) throws SQLException {
        TableId id = buffer.table();
        TableDefinition table = tables.get(id);
        if (table == null) {
            table = dialect.describe(db, id);
        }
        if (table == null) {
            if (!config.getBoolean(JdbcSinkConfig.AUTO_CREATE_CONFIG)) {
                throw new ConnectException("Table " + id + " does not exist and auto.create is false");
            }
            execute(db, dialect.createTable(id, buffer.layout().keyColumns(), buffer.layout().valueColumns()));
            table = dialect.describe(db, id);
            log.info("Created table {} with columns {}", id, table.columnTypes().keySet());
        }
        List<Column> missing = new ArrayList<>();
        for (Column column : buffer.layout().allColumns()) {
            if (!table.columnTypes().containsKey(column.name())) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            if (!config.getBoolean(JdbcSinkConfig.AUTO_EVOLVE_CONFIG)) {
                throw new ConnectException("Table " + id + " has no column " + missing.get(0).name()
                        + " and auto.evolve is false");
            }
            execute(db, dialect.addColumns(id, missing));
            table = dialect.describe(db, id);
            log.info("Added columns {} to table {}", missing.stream().map(Column::name).toList(), id);
        }
        tables.put(id, table);
        return table;
    }

    private RecordLayout layoutOf(TableId table, SinkRecord record) {
        List<Schema> schemas = Arrays.asList(record.keySchema(), record.valueSchema());
        return layouts.computeIfAbsent(table, t -> new HashMap<>()).computeIfAbsent(schemas,
                s -> RecordLayout.of(config.pkMode(), config.pkFields(), record.keySchema(), record.valueSchema()));
    }

    private static boolean sameColumns(RecordLayout a, RecordLayout b) {
        return a.allColumns().equals(b.allColumns());
    }

    private static List<Object[]> valuesOf(Collection<TableBuffer.Row> rows) {
        List<Object[]> values = new ArrayList<>(rows.size());
        rows.forEach(row -> values.add(row.values()));
        return values;
    }

    /** Forgets rows and offsets of partitions this task lost; the new owner reads them from the last commit. */
    public void dropPartitions(Collection<TopicPartition> partitions) {
        Set<TopicPartition> lost = Set.copyOf(partitions);
        buffers.values().forEach(buffer -> buffer.dropPartitions(lost));
        buffers.values().removeIf(buffer -> buffer.size() == 0);
        buffered = buffers.values().stream().mapToInt(TableBuffer::size).sum();
        lost.forEach(partition -> {
            pending.remove(partition);
            committed.remove(partition);
        });
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties props = new Properties();
            props.put("user", config.getString(JdbcSinkConfig.CONNECTION_USER_CONFIG));
            props.put("password", config.password());
            props.put("ApplicationName", "rivulet-jdbc-sink");
            connection = DriverManager.getConnection(config.getString(JdbcSinkConfig.CONNECTION_URL_CONFIG), props);
            connection.setAutoCommit(false);
            dialect.resetSession();
            tables.clear(); // the table may have changed while we were away
        }
        return connection;
    }

    private void execute(Connection db, List<String> statements) throws SQLException {
        try (Statement statement = db.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private void rollbackQuietly() {
        dialect.resetSession();
        tables.clear();
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                closeConnection();
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing the connection failed", e);
            }
            connection = null;
        }
    }

    private long backoff(int attempt) {
        long base = config.getLong(JdbcSinkConfig.RETRY_BACKOFF_CONFIG) << Math.min(attempt, 16);
        long capped = Math.min(MAX_BACKOFF_MS, Math.max(0, base));
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
