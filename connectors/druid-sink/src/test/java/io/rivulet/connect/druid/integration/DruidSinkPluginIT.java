package io.rivulet.connect.druid.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.connect.druid.DruidSinkConfig;
import io.rivulet.testkit.ConfigKeyInfo;
import io.rivulet.testkit.ConfigValidation;
import io.rivulet.testkit.ConnectCluster;
import io.rivulet.testkit.ConnectConfigFiles;
import io.rivulet.testkit.PluginInstaller;
import io.rivulet.testkit.PluginInstaller.ListedPlugin;
import io.rivulet.testkit.TestServers;

/** The Druid sink's archive installs as users install it; the worker shows and validates every key. */
@Tag("integration")
class DruidSinkPluginIT {

    @Test
    void archiveIsLoadableAndTheWorkerShowsAndValidatesEveryKey() {
        Path pluginPath = PluginInstaller.install(PluginInstaller.builtZips());
        Path plugin = pluginPath.resolve("rivulet-druid-sink");
        assertTrue(Files.isRegularFile(plugin.resolve("doc/DruidSinkConnector.md")));
        ListedPlugin row = PluginInstaller.list(pluginPath).stream()
                .filter(p -> p.className().equals("io.rivulet.connect.druid.DruidSinkConnector")).findFirst()
                .orElseThrow();
        assertEquals("sink", row.type());
        assertTrue(row.loadable() && row.hasManifest(), row.toString());
        assertEquals(System.getProperty("rivulet.project.version"), row.version());

        try (ConnectCluster connect = ConnectCluster.builder(TestServers.kafka()).pluginPath(pluginPath).start()) {
            List<ConfigKeyInfo> keys = connect.rest().pluginConfig("DruidSinkConnector");
            Set<String> shown = keys.stream().map(ConfigKeyInfo::name).collect(Collectors.toSet());
            assertTrue(shown.containsAll(DruidSinkConfig.CONFIG_DEF.names()), "shown: " + shown);
            assertEquals(Set.of("druid.auth.password"), keys.stream().filter(k -> k.type().equals("PASSWORD"))
                    .map(ConfigKeyInfo::name).collect(Collectors.toSet()));
            Map<String, List<String>> errors = connect.rest().validate("DruidSinkConnector", Map.of(
                    "connector.class", "DruidSinkConnector", "topics", "analytics.sales_per_minute",
                    "druid.overlord.url", "ftp://druid", "druid.datasource.format", "${table}")).errors();
            assertTrue(errors.get("druid.overlord.url").get(0).contains("http"), errors.toString());
            assertTrue(errors.get("druid.datasource.format").get(0).contains("${topic}"), errors.toString());

            // The config users PUT from connect-configs/ validates as it is (converters aside).
            Map<String, String> file = ConnectConfigFiles.forConnector("io.rivulet.connect.druid.DruidSinkConnector",
                    Map.of()).get("analytics-druid-sink");
            file.put("name", "analytics-druid-sink");
            ConfigValidation validation = connect.rest().validate("DruidSinkConnector", file);
            assertEquals(0, validation.errorCount(), validation.errors().toString());
        }
    }
}
