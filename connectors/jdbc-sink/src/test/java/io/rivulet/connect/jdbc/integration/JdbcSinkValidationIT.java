package io.rivulet.connect.jdbc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.embedded.ConfigValidation;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.testkit.ConnectClusterExtension;

/**
 * A worker validates the sink's config as users submit it: each mistake is reported on its key, and the configs in
 * connect-configs/ validate as they are. (The archive itself is checked with every plugin's in PluginArchivesIT.)
 */
@Tag("integration")
class JdbcSinkValidationIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    @Test
    void eachMistakeIsReportedOnItsKey() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "JdbcSinkConnector");
        config.put("topics", "analytics.sales_per_minute");
        config.put("connection.url", "jdbc:mysql://db:3306/x");
        config.put("insert.mode", "upsert");
        config.put("primary.key.mode", "none");
        config.put("table.name.format", "${topik}");
        config.put("batch.size", "ten");
        Map<String, List<String>> errors = CONNECT.rest().validate("JdbcSinkConnector", config).errors();
        assertEquals(List.of("Invalid value ten for configuration batch.size: Not a number of type INT"),
                errors.get("batch.size"), "the parse error alone, not a follow-on 'must be non-null'");
        config.remove("batch.size");
        errors = CONNECT.rest().validate("JdbcSinkConnector", config).errors();
        assertTrue(errors.get("connection.url").get(0).contains("no dialect"), errors.toString());
        assertTrue(errors.get("primary.key.mode").get(0).contains("needs a primary key"), errors.toString());
        assertTrue(errors.get("table.name.format").get(0).contains("${topik}"), errors.toString());
        config.put("insert.mode", "merge");
        assertTrue(CONNECT.rest().validate("JdbcSinkConnector", config).errors().containsKey("insert.mode"));
    }

    @Test
    void theConfigsUsersPutFromConnectConfigsValidate() throws Exception {
        Path secrets = WorkDirs.fresh("secrets").resolve("postgres.properties");
        Files.writeString(secrets, "password=test\n");
        Map<String, Map<String, String>> files = ConnectConfigFiles.forConnector(
                "io.rivulet.connect.jdbc.JdbcSinkConnector",
                Map.of("/mnt/rivulet/secrets/postgres.properties", secrets.toString()));
        assertTrue(files.containsKey("analytics-jdbc-sink"), files.keySet().toString());
        files.forEach((name, file) -> {
            file.put("name", name);
            ConfigValidation validation = CONNECT.rest().validate("JdbcSinkConnector", file);
            assertEquals(0, validation.errorCount(), name + ": " + validation.errors());
        });
    }
}
