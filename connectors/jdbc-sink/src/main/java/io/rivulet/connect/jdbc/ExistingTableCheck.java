package io.rivulet.connect.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.common.CrossChecks;
import io.rivulet.common.TopicNameFormat;
import io.rivulet.connect.jdbc.dialect.TableDefinition;
import io.rivulet.connect.jdbc.dialect.TableId;
import io.rivulet.connect.jdbc.dialect.DatabaseDialect;
import io.rivulet.connect.jdbc.dialect.DatabaseDialects;

/**
 * For validate(): primary.key.fields against the tables that already exist, so a misspelt field is reported on its
 * key before a record arrives. A table the sink will create, or a database that does not answer within a few
 * seconds, cannot be checked here; then the first record names the field the key lacks.
 */
final class ExistingTableCheck {
    private static final Logger log = LoggerFactory.getLogger(ExistingTableCheck.class);
    private static final String TIMEOUT_SECONDS = "5";

    private ExistingTableCheck() {
    }

    static void check(JdbcSinkConfig config, Map<String, String> connectorConfig, Map<String, List<String>> errors) {
        List<String> fields = config.pkFields();
        PrimaryKeyMode mode = config.pkMode();
        String topics = connectorConfig.getOrDefault("topics", "");
        if (fields.isEmpty() || topics.isBlank()
                || !(mode == PrimaryKeyMode.RECORD_KEY || mode == PrimaryKeyMode.RECORD_VALUE)) {
            return;
        }
        Properties props = new Properties();
        props.put("user", config.getString(JdbcSinkConfig.CONNECTION_USER_CONFIG));
        props.put("password", config.password());
        props.put("loginTimeout", TIMEOUT_SECONDS);
        props.put("connectTimeout", TIMEOUT_SECONDS);
        props.put("socketTimeout", TIMEOUT_SECONDS);
        props.put("ApplicationName", "rivulet-jdbc-sink-validate");
        try (Connection connection = DriverManager.getConnection(
                config.getString(JdbcSinkConfig.CONNECTION_URL_CONFIG), props)) {
            DatabaseDialect dialect = DatabaseDialects.forUrl(config.getString(JdbcSinkConfig.CONNECTION_URL_CONFIG),
                    config.writeMethod());
            for (String listed : topics.split(",")) {
                String topic = listed.trim();
                TableId id = new TableId(config.getString(JdbcSinkConfig.TABLE_SCHEMA_CONFIG), TopicNameFormat.apply(
                        config.getString(JdbcSinkConfig.TABLE_NAME_FORMAT_CONFIG), topic));
                TableDefinition table = dialect.describe(connection, id);
                if (table == null) {
                    continue;
                }
                for (String field : fields) {
                    if (!table.columnTypes().containsKey(field)) {
                        CrossChecks.report(errors, JdbcSinkConfig.PK_FIELDS_CONFIG, "'" + field + "' is no column of "
                                + "table " + id + " (topic " + topic + "), which exists with columns "
                                + table.columnTypes().keySet());
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("Existing tables not checked: {}", e.getMessage());
        }
    }
}
