package io.rivulet.connect.jdbc.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import io.rivulet.connect.jdbc.JdbcSinkConfig;
import io.rivulet.connect.jdbc.WriteMethod;
import io.rivulet.connect.jdbc.dialect.postgres.PostgresDialect;

/** The dialect comes from connection.url through the providers listed in META-INF/services. */
class DatabaseDialectsTest {
    @Test
    void aPostgresUrlGetsThePostgresDialect() {
        assertInstanceOf(PostgresDialect.class,
                DatabaseDialects.forUrl("jdbc:postgresql://db:5432/analytics", WriteMethod.COPY));
    }

    @Test
    void anotherDatabaseIsRefusedOnConnectionUrlNamingWhatIsSupported() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DatabaseDialects.forUrl("jdbc:mysql://bob:secret@db/analytics", WriteMethod.COPY));
        assertTrue(e.getMessage().contains("connection.url") && e.getMessage().contains("PostgreSQL"),
                e.getMessage());
        assertTrue(e.getMessage().contains("//***@db") && !e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void validationReportsAnUnsupportedUrlOnItsKey() {
        Map<String, List<String>> errors = new JdbcSinkConfig(Map.of("connection.url", "jdbc:sqlserver://db",
                "consumer.override.isolation.level", "read_committed")).crossChecks();
        assertEquals(1, errors.getOrDefault("connection.url", List.of()).size(), errors.toString());
        assertTrue(new JdbcSinkConfig(Map.of("connection.url", "jdbc:postgresql://db/a")).crossChecks()
                .get("connection.url") == null);
    }
}
