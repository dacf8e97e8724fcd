package io.rivulet.embedded.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.embedded.PostgresDatabase;
import io.rivulet.embedded.PostgresServer;

@Tag("integration")
class PostgresIT {
    private static PostgresServer postgres;
    private static PostgresDatabase db;

    @BeforeAll
    static void freshDatabase() {
        postgres = PostgresServer.start(false);
        db = postgres.createDatabase(PostgresIT.class.getSimpleName());
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void rowsWrittenInATransactionAreReadBack() throws SQLException {
        Instant windowStart = Instant.parse("2026-11-27T10:15:00Z");
        try (Connection connection = db.connect()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE sales_per_minute (window_start timestamptz, currency text, "
                        + "order_count bigint, total_amount double precision, PRIMARY KEY (window_start, currency))");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO sales_per_minute VALUES (?, ?, ?, ?) ON CONFLICT (window_start, currency) "
                            + "DO UPDATE SET order_count = EXCLUDED.order_count, total_amount = EXCLUDED.total_amount")) {
                for (int attempt = 0; attempt < 2; attempt++) { // written twice: an upsert lands once
                    upsert.setTimestamp(1, Timestamp.from(windowStart));
                    upsert.setString(2, "EUR");
                    upsert.setLong(3, 3);
                    upsert.setDouble(4, 120.5);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            connection.commit();
        }
        try (Connection connection = db.connect(); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT window_start, currency, order_count, total_amount "
                     + "FROM sales_per_minute")) {
            assertTrue(rows.next());
            assertEquals(windowStart, rows.getTimestamp(1).toInstant());
            assertEquals("EUR", rows.getString(2));
            assertEquals(3, rows.getLong(3));
            assertEquals(120.5, rows.getDouble(4));
            assertFalse(rows.next(), "one row per window and currency");
        }
    }

    @Test
    void eachCallerGetsItsOwnEmptyDatabase() throws SQLException {
        PostgresDatabase other = postgres.createDatabase(PostgresIT.class.getSimpleName());
        assertNotEquals(db.name(), other.name());
        try (Connection connection = other.connect(); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            assertTrue(rows.next());
            assertEquals(0, rows.getInt(1));
        }
    }
}
