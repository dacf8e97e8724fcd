package io.rivulet.connect.jdbc.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.common.Backoff;
import io.rivulet.common.ErrantRecords;
import io.rivulet.connect.jdbc.JdbcSinkConfig;
import io.rivulet.connect.jdbc.dialect.Column;
import io.rivulet.connect.jdbc.dialect.DatabaseDialect;
import io.rivulet.connect.jdbc.InsertMode;
import io.rivulet.connect.jdbc.dialect.TableDefinition;
import io.rivulet.connect.jdbc.dialect.TableId;

/**
 * Writes a batch in one database transaction: each table created or evolved as needed, its deletes, then its rows.
 * Transient failures retry the whole batch on a new connection with backoff; a failure on data finds the rows the
 * database refuses by writing them one by one under savepoints, and hands those to {@link ErrantRecords}.
 */
final class TransactionWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionWriter.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final JdbcSinkConfig config;
    private final DatabaseDialect dialect;
    private final ErrantRecords errant;
    private final InsertMode mode;
    private final Backoff backoff;
    private final ConnectionSource connections;
    private final Map<TableId, TableDefinition> tables = new HashMap<>();
    private final JdbcSinkMetrics metrics;
    private Connection connection;

    TransactionWriter(JdbcSinkConfig config, DatabaseDialect dialect, ErrantRecords errant,
                      ConnectionSource connections, JdbcSinkMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.dialect = dialect;
        this.errant = errant;
        this.connections = connections;
        this.mode = config.insertMode();
        this.backoff = new Backoff(config.getLong(JdbcSinkConfig.RETRY_BACKOFF_CONFIG), MAX_BACKOFF_MS);
    }

    /** Writes the batch; returns once its transaction committed, throws when it cannot. */
    void write(Batch batch) {
        if (batch.tables().isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        int maxRetries = config.getInt(JdbcSinkConfig.MAX_RETRIES_CONFIG);
        int written;
        for (int attempt = 0; ; attempt++) {
            try {
                written = writeAll(batch, false);
                break;
            } catch (SQLException e) {
                rollbackQuietly();
                if (!dialect.isTransient(e)) {
                    if (!dialect.isRowProblem(e)) { // the same for every row: isolating them would only hide it
                        throw new ConnectException("Writing " + batch.rows() + " rows to " + tableNames(batch)
                                + " failed: " + dialect.describe(e) + dialect.hint(e), e);
                    }
                    written = isolateBadRows(batch);
                    break;
                }
                if (attempt >= maxRetries) {
                    throw new ConnectException("Writing " + batch.rows() + " rows to " + tableNames(batch)
                            + " failed " + (attempt + 1) + " times (max.retries=" + maxRetries + "); last error: "
                            + dialect.describe(e), e);
                }
                long wait = backoff.delayMs(attempt);
                log.warn("Writing {} rows to {} failed ({}); reconnecting, retry {} of {} in {} ms", batch.rows(),
                        tableNames(batch), dialect.describe(e), attempt + 1, maxRetries, wait);
                metrics.retried();
                closeConnection();
                sleep(wait);
            }
        }
        metrics.committed(written, started);
        log.debug("Wrote {} rows in {} ms", batch.rows(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * One transaction: each table's deletes, then its rows; row by row under savepoints when isolating. Returns the
     * rows written (deletes included, rows set aside not).
     */
    private int writeAll(Batch batch, boolean rowByRow) throws SQLException {
        Connection db = connection();
        int written = 0;
        for (TableBuffer buffer : batch.tables()) {
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
                written += buffer.deletes().size() + buffer.rows().size();
                continue;
            }
            for (TableBuffer.Row row : buffer.deletes()) {
                written += writeIsolated(db, table, row, () -> dialect.delete(db, table, key, single(row)));
            }
            for (TableBuffer.Row row : buffer.rows()) {
                written += writeIsolated(db, table, row, () -> dialect.write(db, table, mode, key, values,
                        single(row)));
            }
        }
        db.commit();
        return written;
    }

    private static List<Object[]> single(TableBuffer.Row row) {
        List<Object[]> rows = new ArrayList<>(1);
        rows.add(row.values());
        return rows;
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /** Writes one row under a savepoint; returns 1 if it was written, 0 if it was set aside. */
    private int writeIsolated(Connection db, TableDefinition table, TableBuffer.Row row, SqlWork work)
            throws SQLException {
        Savepoint savepoint = db.setSavepoint();
        try {
            work.run();
            db.releaseSavepoint(savepoint);
            return 1;
        } catch (SQLException e) {
            if (dialect.isTransient(e)) {
                throw e;
            }
            db.rollback(savepoint);
            errant.unwritable(row.record(), "table " + table.id(), dialect.describe(e), e);
            return 0;
        }
    }

    /** The batch failed on bad data: write it again row by row, so only the bad rows are set aside. */
    private int isolateBadRows(Batch batch) {
        for (int attempt = 0; ; attempt++) {
            try {
                return writeAll(batch, true);
            } catch (SQLException e) {
                rollbackQuietly();
                if (!dialect.isTransient(e) || attempt >= config.getInt(JdbcSinkConfig.MAX_RETRIES_CONFIG)) {
                    throw new ConnectException("Writing rows one by one to " + tableNames(batch) + " failed: "
                            + dialect.describe(e) + dialect.hint(e), e);
                }
                metrics.retried();
                closeConnection();
                sleep(backoff.delayMs(attempt));
            }
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

    private static List<Object[]> valuesOf(Collection<TableBuffer.Row> rows) {
        List<Object[]> values = new ArrayList<>(rows.size());
        rows.forEach(row -> values.add(row.values()));
        return values;
    }

    private static List<TableId> tableNames(Batch batch) {
        return batch.tables().stream().map(TableBuffer::table).toList();
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connections.open();
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
