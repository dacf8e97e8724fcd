package io.rivulet.connect.jdbc.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.apache.kafka.connect.data.Schema;

import io.rivulet.connect.jdbc.InsertMode;

/**
 * What differs between databases, and nothing else: quoting, types, table DDL, the batch write path and which errors
 * are worth a retry. The sink's buffering, transactions and offsets are the same for all.
 */
public interface DatabaseDialect {
    /** The identifier quoted for SQL; refuses a name the database cannot hold, naming it. */
    String quote(String identifier);

    /** The SQL type a column of this Connect schema gets when the sink creates it. */
    String sqlType(Schema schema);

    /** The table's columns and primary key, or null when it does not exist. */
    TableDefinition describe(Connection connection, TableId table) throws SQLException;

    /** Statements that create the table with these key and value columns. */
    List<String> createTable(TableId table, List<Column> key, List<Column> values);

    /** Statements that add these columns, nullable. */
    List<String> addColumns(TableId table, List<Column> columns);

    /**
     * Writes rows (values in key-then-value column order) in the connection's current transaction; rows hold at
     * most one entry per key for upsert and update.
     */
    void write(Connection connection, TableDefinition table, InsertMode mode, List<Column> key, List<Column> values,
               List<Object[]> rows) throws SQLException;

    /** Deletes the rows with these keys in the connection's current transaction. */
    void delete(Connection connection, TableDefinition table, List<Column> key, List<Object[]> keys)
            throws SQLException;

    /** Forget what was kept about the database session: called after a rollback and on a new connection. */
    default void resetSession() {
    }

    /** The error for a message: the database's text, its SQL state, and the column when the database names it. */
    default String describe(SQLException error) {
        return String.valueOf(error.getMessage()).replace('\n', ' ') + " [SQLState " + error.getSQLState() + "]";
    }

    /** Whether the error may pass if the same work is tried again, on a new connection. */
    boolean isTransient(SQLException error);

    /**
     * Whether some rows' data may be the cause (a value out of range, a constraint), so that writing the rows one by
     * one finds the bad ones; by the standard SQLState classes 22 (data exception) and 23 (integrity constraint).
     * Anything else (a refused login, a missing privilege or database) fails the same way for every row.
     */
    default boolean isRowProblem(SQLException error) {
        String state = error.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** What the user can do about an error that is not the rows' fault, by its standard SQLState, or "". */
    default String hint(SQLException error) {
        String state = String.valueOf(error.getSQLState());
        if (state.startsWith("28")) {
            return ": the database refused the login; check connection.user and connection.password";
        }
        if (state.equals("42501")) {
            return ": the user lacks a privilege; it needs SELECT, INSERT, UPDATE and DELETE on the tables (and CREATE "
                    + "on the schema for auto.create and auto.evolve)";
        }
        if (state.startsWith("3D")) {
            return ": the database named in connection.url does not exist";
        }
        if (state.startsWith("3F")) {
            return ": the schema does not exist";
        }
        return "";
    }

}
