package io.rivulet.connect.jdbc.write;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.connect.data.Schema;

import io.rivulet.connect.jdbc.InsertMode;
import io.rivulet.connect.jdbc.dialect.Column;
import io.rivulet.connect.jdbc.dialect.DatabaseDialect;
import io.rivulet.connect.jdbc.dialect.TableDefinition;
import io.rivulet.connect.jdbc.dialect.TableId;

/**
 * A database in memory for the write path's unit tests: a dialect and JDBC connections with real transaction
 * semantics (work is visible only after commit, undone by rollback or by rolling back to a savepoint), tables that
 * exist or are created, and failures on demand: connection errors (SQL state 08006, transient) or a value the
 * database refuses (22001, data). Rows are kept as {@code key -> values} strings per table, as upserts leave them.
 */
final class FakeDatabase implements ConnectionSource {
    private record Op(TableId table, String key, String values) {
    }

    private final Map<TableId, TableDefinition> tables = new HashMap<>();
    private final Map<TableId, TableDefinition> pendingCreates = new HashMap<>();
    private final Map<TableId, Map<String, String>> committed = new HashMap<>();
    private final List<Op> transaction = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private int connectionErrors;
    private Object refusedValue;
    private int opened;
    private int commits;

    /** The next {@code count} write or delete calls fail as if the connection broke. */
    synchronized void breakConnectionFor(int count) {
        connectionErrors = count;
    }

    /** Any row holding this value is refused, as a value too long for its column is. */
    synchronized void refuse(Object value) {
        refusedValue = value;
    }

    synchronized void createTable(TableId id, String... columns) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String column : columns) {
            types.put(column, "text");
        }
        tables.put(id, new TableDefinition(id, types, List.of(columns[0])));
    }

    /** The committed rows of a table, key to values, in key order. */
    synchronized Map<String, String> rows(TableId table) {
        return new TreeMap<>(committed.getOrDefault(table, Map.of()));
    }

    /** What happened, in order: open, delete, write, commit, rollback, savepoint, create, close. */
    synchronized List<String> log() {
        return List.copyOf(log);
    }

    synchronized int opened() {
        return opened;
    }

    synchronized int commits() {
        return commits;
    }

    @Override
    public synchronized Connection open() {
        int id = ++opened;
        log.add("open " + id);
        boolean[] closed = {false};
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    synchronized (this) {
                        switch (method.getName()) {
                            case "setAutoCommit":
                            case "releaseSavepoint":
                                return null;
                            case "isClosed":
                                return closed[0];
                            case "close":
                                if (!closed[0]) {
                                    log.add("close " + id);
                                    transaction.clear();
                                }
                                closed[0] = true;
                                return null;
                            case "commit":
                                commit();
                                return null;
                            case "rollback":
                                rollback(args == null ? null : (Savepoint) args[0]);
                                return null;
                            case "setSavepoint":
                                return savepoint(transaction.size());
                            case "createStatement":
                                return statement();
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    }
                });
    }

    private void commit() {
        for (Op op : transaction) {
            Map<String, String> rows = committed.computeIfAbsent(op.table(), t -> new HashMap<>());
            if (op.values() == null) {
                rows.remove(op.key());
            } else {
                rows.put(op.key(), op.values());
            }
        }
        transaction.clear();
        commits++;
        log.add("commit");
    }

    private void rollback(Savepoint savepoint) throws SQLException {
        if (savepoint == null) {
            transaction.clear();
            log.add("rollback");
            return;
        }
        int mark = savepoint.getSavepointId();
        transaction.subList(mark, transaction.size()).clear();
        log.add("rollback to savepoint");
    }

    private static Savepoint savepoint(int mark) {
        return new Savepoint() {
            @Override
            public int getSavepointId() {
                return mark;
            }

            @Override
            public String getSavepointName() {
                return "s" + mark;
            }
        };
    }

    private Statement statement() {
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    synchronized (this) {
                        if (method.getName().equals("execute")) {
                            TableId id = pendingCreates.keySet().stream()
                                    .filter(t -> args[0].equals("CREATE " + t)).findFirst().orElseThrow();
                            tables.put(id, pendingCreates.remove(id));
                            log.add("create " + id);
                            return false;
                        }
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private void failIfAsked(List<Object[]> rows) throws SQLException {
        if (connectionErrors > 0) {
            connectionErrors--;
            throw new SQLException("An I/O error occurred while sending to the backend", "08006");
        }
        for (Object[] row : rows) {
            if (refusedValue != null && Arrays.asList(row).contains(refusedValue)) {
                throw new SQLException("value too long for type character varying(8)", "22001");
            }
        }
    }

    /** The dialect of this database. */
    DatabaseDialect dialect() {
        return new DatabaseDialect() {
            @Override
            public String quote(String identifier) {
                return identifier;
            }

            @Override
            public String sqlType(Schema schema) {
                return "text";
            }

            @Override
            public TableDefinition describe(Connection connection, TableId table) {
                synchronized (FakeDatabase.this) {
                    return tables.get(table);
                }
            }

            @Override
            public List<String> createTable(TableId table, List<Column> key, List<Column> values) {
                synchronized (FakeDatabase.this) {
                    Map<String, String> types = new LinkedHashMap<>();
                    key.forEach(c -> types.put(c.name(), "text"));
                    values.forEach(c -> types.put(c.name(), "text"));
                    pendingCreates.put(table, new TableDefinition(table, types,
                            key.stream().map(Column::name).toList()));
                    return List.of("CREATE " + table);
                }
            }

            @Override
            public List<String> addColumns(TableId table, List<Column> columns) {
                throw new UnsupportedOperationException("addColumns");
            }

            @Override
            public void write(Connection connection, TableDefinition table, InsertMode mode, List<Column> key,
                              List<Column> values, List<Object[]> rows) throws SQLException {
                synchronized (FakeDatabase.this) {
                    failIfAsked(rows);
                    log.add("write " + table.id() + " " + rows.size());
                    for (Object[] row : rows) {
                        transaction.add(new Op(table.id(), keyOf(row, key.size()),
                                Arrays.toString(Arrays.copyOfRange(row, key.size(), row.length))));
                    }
                }
            }

            @Override
            public void delete(Connection connection, TableDefinition table, List<Column> key, List<Object[]> keys)
                    throws SQLException {
                synchronized (FakeDatabase.this) {
                    failIfAsked(keys);
                    log.add("delete " + table.id() + " " + keys.size());
                    for (Object[] row : keys) {
                        transaction.add(new Op(table.id(), keyOf(row, key.size()), null));
                    }
                }
            }

            @Override
            public boolean isTransient(SQLException error) {
                return error.getSQLState() != null && error.getSQLState().startsWith("08");
            }
        };
    }

    private static String keyOf(Object[] row, int keyColumns) {
        return Arrays.toString(Arrays.copyOf(row, keyColumns));
    }
}
