package io.rivulet.connect.jdbc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.connect.jdbc.JdbcSinkConfig;
import io.rivulet.testkit.ConfigKeyInfo;
import io.rivulet.testkit.ConfigValidation;
import io.rivulet.testkit.ConnectCluster;
import io.rivulet.testkit.ConnectConfigFiles;
import io.rivulet.testkit.PluginInstaller;
import io.rivulet.testkit.PluginInstaller.ListedPlugin;
import io.rivulet.testkit.TestServers;
import io.rivulet.testkit.WorkDirs;

/** The sink's archive installs as users install it; the worker shows and validates every key. */
@Tag("integration")
class JdbcSinkPluginIT {

    @Test
    void archiveIsLoadableAndTheWorkerShowsAndValidatesEveryKey() throws Exception {
        Path pluginPath = PluginInstaller.install(PluginInstaller.builtZips());
        Path plugin = pluginPath.resolve("rivulet-jdbc-sink");
        assertTrue(Files.isRegularFile(plugin.resolve("manifest.json")));
        assertTrue(Files.isRegularFile(plugin.resolve("doc/JdbcSinkConnector.md")));
        ListedPlugin row = PluginInstaller.list(pluginPath).stream()
                .filter(p -> p.className().equals("io.rivulet.connect.jdbc.JdbcSinkConnector")).findFirst()
                .orElseThrow();
        assertEquals("sink", row.type());
        assertTrue(row.loadable() && row.hasManifest(), row.toString());
        assertEquals(System.getProperty("rivulet.project.version"), row.version());

        try (ConnectCluster connect = ConnectCluster.builder(TestServers.kafka()).pluginPath(pluginPath).start()) {
            List<ConfigKeyInfo> keys = connect.rest().pluginConfig("JdbcSinkConnector");
            Set<String> shown = keys.stream().map(ConfigKeyInfo::name).collect(Collectors.toSet());
            assertTrue(shown.containsAll(JdbcSinkConfig.CONFIG_DEF.names()), "shown: " + shown);
            assertEquals(Set.of("connection.password"), keys.stream().filter(k -> k.type().equals("PASSWORD"))
                    .map(ConfigKeyInfo::name).collect(Collectors.toSet()));

            Map<String, String> config = new HashMap<>();
            config.put("connector.class", "JdbcSinkConnector");
            config.put("topics", "analytics.sales_per_minute");
            config.put("connection.url", "jdbc:mysql://db:3306/x");
            config.put("insert.mode", "upsert");
            config.put("primary.key.mode", "none");
            config.put("table.name.format", "${topik}");
            Map<String, List<String>> errors = connect.rest().validate("JdbcSinkConnector", config).errors();
            assertTrue(errors.get("connection.url").get(0).contains("no dialect"), errors.toString());
            assertTrue(errors.get("primary.key.mode").get(0).contains("needs a primary key"), errors.toString());
            assertTrue(errors.get("table.name.format").get(0).contains("${topik}"), errors.toString());
            config.put("insert.mode", "merge");
            assertTrue(connect.rest().validate("JdbcSinkConnector", config).errors().containsKey("insert.mode"));

            // The configs users PUT from connect-configs/ validate too.
            Path secrets = WorkDirs.fresh("secrets").resolve("postgres.properties");
            Files.writeString(secrets, "password=test\n");
            Map<String, Map<String, String>> files = ConnectConfigFiles.forConnector(
                    "io.rivulet.connect.jdbc.JdbcSinkConnector",
                    Map.of("/etc/kafka/secrets/postgres.properties", secrets.toString()));
            assertTrue(files.containsKey("analytics-jdbc-sink"), files.keySet().toString());
            files.forEach((name, file) -> {
                file.put("name", name);
                ConfigValidation validation = connect.rest().validate("JdbcSinkConnector", file);
                assertEquals(0, validation.errorCount(), name + ": " + validation.errors());
            });
        }
    }
}
