package io.rivulet.connect.jdbc.dialect.postgres;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.rivulet.connect.jdbc.InsertMode;
import io.rivulet.connect.jdbc.dialect.Column;
import io.rivulet.connect.jdbc.dialect.DatabaseDialect;
import io.rivulet.connect.jdbc.dialect.TableDefinition;
import io.rivulet.connect.jdbc.dialect.TableId;

/**
 * PostgreSQL. Batches go in either by COPY into a temporary staging table and one merging statement, or by one
 * INSERT ... SELECT over UNNEST of a text array per column; both send every value as text and let PostgreSQL cast
 * it to the column's type, so the table's own types decide.
 * <p>Over 300 lines on purpose: everything PostgreSQL-specific (quoting, types, DDL, the write statements, error
 * classification) in one place, as dialects are in Debezium's JDBC sink, so the write path stays free of it.
 */
public final class PostgresDialect implements DatabaseDialect {
    /** PostgreSQL truncates longer names (NAMEDATALEN - 1 bytes); refusing them avoids silent collisions. */
    private static final int MAX_IDENTIFIER_BYTES = 63;

    private final boolean copy;
    /** Staging tables that exist on the current connection, by target table and column list. */
    private final Set<String> staged = new HashSet<>();

    /** @param copy COPY into a staging table; otherwise UNNEST arrays */
    public PostgresDialect(boolean copy) {
        this.copy = copy;
    }

    @Override
    public String quote(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new ConnectException("An empty table or column name cannot be used");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new ConnectException("The name '" + identifier.replace('\0', '?') + "' holds a NUL character");
        }
        if (identifier.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new ConnectException("The name '" + identifier + "' is longer than PostgreSQL's "
                    + MAX_IDENTIFIER_BYTES + " bytes");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private String table(TableId id) {
        return quote(id.schema()) + "." + quote(id.table());
    }

    @Override
    public String sqlType(Schema schema) {
        String logical = schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            return "numeric";
        }
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return "timestamptz";
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)) {
            return "date";
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return "time";
        }
        switch (schema.type()) {
            case INT8:
            case INT16:
                return "smallint";
            case INT32:
                return "integer";
            case INT64:
                return "bigint";
            case FLOAT32:
                return "real";
            case FLOAT64:
                return "double precision";
            case BOOLEAN:
                return "boolean";
            case STRING:
                return "text";
            case BYTES:
                return "bytea";
            default:
                return "jsonb"; // structs, maps and arrays
        }
    }

    @Override
    public TableDefinition describe(Connection connection, TableId table) throws SQLException {
        // Each column's type as SQL spells it (format_type): an enum by its (qualified when needed) name, an array
        // as text[] or currency[], varchar(20): what a value is cast to on its way in.
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT a.attname, "
                + "format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = to_regclass(?) "
                + "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            query.setString(1, table(table));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT a.attname FROM pg_index i "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                + "WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)")) {
            query.setString(1, table(table));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    key.add(rows.getString(1));
                }
            }
        }
        return new TableDefinition(table, columns, key);
    }

    @Override
    public List<String> createTable(TableId table, List<Column> key, List<Column> values) {
        List<String> definitions = new ArrayList<>();
        for (Column column : key) {
            definitions.add(quote(column.name()) + " " + sqlType(column.schema()) + " NOT NULL");
        }
        for (Column column : values) {
            definitions.add(quote(column.name()) + " " + sqlType(column.schema())
                    + (column.schema().isOptional() ? "" : " NOT NULL"));
        }
        if (!key.isEmpty()) {
            definitions.add("PRIMARY KEY (" + names(key) + ")");
        }
        return List.of("CREATE TABLE IF NOT EXISTS " + table(table) + " (" + String.join(", ", definitions) + ")");
    }

    @Override
    public List<String> addColumns(TableId table, List<Column> columns) {
        return columns.stream().map(column -> "ALTER TABLE " + table(table) + " ADD COLUMN IF NOT EXISTS "
                + quote(column.name()) + " " + sqlType(column.schema())).toList();
    }

    @Override
    public void write(Connection connection, TableDefinition table, InsertMode mode, List<Column> key,
                      List<Column> values, List<Object[]> rows) throws SQLException {
        List<Column> all = new ArrayList<>(key);
        all.addAll(values);
        if (copy && rows.size() > 1) {
            String stage = stage(connection, table, all);
            copyInto(connection, stage, table, all, rows);
            // The merge empties the stage as it reads it: a later buffer of the same layout in the same transaction
            // (schema versions alternating within one flush) must not merge these rows again.
            execute(connection, "WITH staged AS (DELETE FROM " + stage + " RETURNING " + names(all) + ") "
                    + merge(table, mode, key, values, "SELECT " + names(all) + " FROM staged"));
            return;
        }
        String source = "SELECT " + all.stream().map(c -> "u." + quote(c.name()) + "::" + columnType(table, c))
                .collect(Collectors.joining(", ")) + " FROM UNNEST(" + all.stream().map(c -> "?::text[]")
                .collect(Collectors.joining(", ")) + ") AS u(" + names(all) + ")";
        try (PreparedStatement statement = connection.prepareStatement(merge(table, mode, key, values, source))) {
            for (int i = 0; i < all.size(); i++) {
                statement.setArray(i + 1, textArray(connection, table, all.get(i), rows, i));
            }
            statement.executeUpdate();
        }
    }

    @Override
    public void delete(Connection connection, TableDefinition table, List<Column> key, List<Object[]> keys)
            throws SQLException {
        String match = key.stream().map(c -> "t." + quote(c.name()) + " = d." + quote(c.name()) + "::"
                + columnType(table, c)).collect(Collectors.joining(" AND "));
        String sql = "DELETE FROM " + table(table.id()) + " AS t USING UNNEST(" + key.stream().map(c -> "?::text[]")
                .collect(Collectors.joining(", ")) + ") AS d(" + names(key) + ") WHERE " + match;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < key.size(); i++) {
                statement.setArray(i + 1, textArray(connection, table, key.get(i), keys, i));
            }
            statement.executeUpdate();
        }
    }

    /**
     * Connection-level failures (class 08), serialization failures and deadlocks (40001, 40P01), lack of resources
     * (53), and the server shutting down or starting (57P01-57P03) pass when tried again; data and constraint
     * errors do not.
     */
    @Override
    public boolean isTransient(SQLException error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                String state = ((SQLException) cause).getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("40001") || state.equals("40P01")
                        || state.startsWith("53") || state.startsWith("57P"))) {
                    return true;
                }
            }
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String describe(SQLException error) {
        String text = DatabaseDialect.super.describe(error);
        if (error instanceof PSQLException) {
            ServerErrorMessage server = ((PSQLException) error).getServerErrorMessage();
            if (server != null && server.getColumn() != null) {
                return text + " (column " + server.getColumn() + ")";
            }
        }
        return text;
    }

    /** Staging tables created in a rolled-back transaction, or on a closed connection, are gone. */
    @Override
    public void resetSession() {
        staged.clear();
    }

    private String merge(TableDefinition table, InsertMode mode, List<Column> key, List<Column> values,
                         String source) {
        String target = table(table.id());
        switch (mode) {
            case UPDATE: {
                String set = values.stream().map(c -> quote(c.name()) + " = s." + quote(c.name()))
                        .collect(Collectors.joining(", "));
                String match = key.stream().map(c -> "t." + quote(c.name()) + " = s." + quote(c.name()))
                        .collect(Collectors.joining(" AND "));
                return "UPDATE " + target + " AS t SET " + set + " FROM (" + source + ") AS s(" + names(key)
                        + (values.isEmpty() ? "" : ", " + names(values)) + ") WHERE " + match;
            }
            case UPSERT: {
                String conflict = " ON CONFLICT (" + names(key) + ") DO ";
                String update = values.isEmpty() ? "NOTHING" : "UPDATE SET " + values.stream()
                        .map(c -> quote(c.name()) + " = EXCLUDED." + quote(c.name()))
                        .collect(Collectors.joining(", "));
                return "INSERT INTO " + target + " (" + names(allOf(key, values)) + ") " + source + conflict + update;
            }
            default:
                return "INSERT INTO " + target + " (" + names(allOf(key, values)) + ") " + source;
        }
    }

    /** A temporary table holding one buffer's rows until they are merged; created once per connection and layout. */
    private String stage(Connection connection, TableDefinition table, List<Column> columns) throws SQLException {
        String signature = table.id() + "|" + names(columns);
        String name = quote("rivulet_stage_" + Integer.toHexString(signature.hashCode()));
        if (staged.add(signature)) {
            String definitions = columns.stream().map(c -> quote(c.name()) + " " + columnType(table, c))
                    .collect(Collectors.joining(", "));
            execute(connection, "DROP TABLE IF EXISTS " + name);
            execute(connection, "CREATE TEMPORARY TABLE " + name + " (" + definitions + ") ON COMMIT DELETE ROWS");
        }
        return name;
    }

    private void copyInto(Connection connection, String stage, TableDefinition table, List<Column> columns,
                          List<Object[]> rows) throws SQLException {
        boolean[] arrays = new boolean[columns.size()];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = isArray(table, columns.get(i));
        }
        StringBuilder csv = new StringBuilder(rows.size() * 64);
        for (Object[] row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    csv.append(',');
                }
                PostgresText.appendCsv(csv, PostgresText.of(columns.get(i).schema(), row[i], arrays[i]));
            }
            csv.append('\n');
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + stage + " (" + names(columns)
                    + ") FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + stage + " failed: " + e.getMessage(), "08006", e);
        }
    }

    private Array textArray(Connection connection, TableDefinition table, Column column, List<Object[]> rows,
                            int index) throws SQLException {
        boolean array = isArray(table, column);
        String[] texts = new String[rows.size()];
        for (int r = 0; r < texts.length; r++) {
            texts[r] = PostgresText.of(column.schema(), rows.get(r)[index], array);
        }
        return connection.createArrayOf("text", texts);
    }

    /** The column's type in the table as it is (enum, array, jsonb, uuid...), or the type the sink would give it. */
    private String columnType(TableDefinition table, Column column) {
        String type = table.columnTypes().get(column.name());
        return type == null ? sqlType(column.schema()) : type;
    }

    /** A column of an array type (text[], currency[]...) takes lists as array literals, not as JSON. */
    private boolean isArray(TableDefinition table, Column column) {
        return columnType(table, column).endsWith("[]");
    }

    private String names(List<Column> columns) {
        return columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    }

    private static List<Column> allOf(List<Column> key, List<Column> values) {
        List<Column> all = new ArrayList<>(key);
        all.addAll(values);
        return all;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
