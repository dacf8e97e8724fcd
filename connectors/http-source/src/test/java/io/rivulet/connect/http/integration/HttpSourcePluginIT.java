package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.connect.http.HttpSourceConfig;
import io.rivulet.testkit.ConfigKeyInfo;
import io.rivulet.testkit.ConnectCluster;
import io.rivulet.testkit.PluginInstaller.ListedPlugin;
import io.rivulet.testkit.PluginInstaller;
import io.rivulet.testkit.TestServers;

/** The connector's archive installs as users install it; Kafka's checker and the worker both see all of it. */
@Tag("integration")
class HttpSourcePluginIT {

    @Test
    void archiveIsListedAsLoadableAndTheWorkerShowsEveryConfigKey() {
        Path pluginPath = PluginInstaller.install(PluginInstaller.builtZips());
        Path plugin = pluginPath.resolve("rivulet-http-source");
        assertTrue(Files.isRegularFile(plugin.resolve("manifest.json")));
        assertTrue(Files.isRegularFile(plugin.resolve("doc/HttpSourceConnector.md")));
        ListedPlugin row = PluginInstaller.list(pluginPath).stream()
                .filter(p -> p.className().equals("io.rivulet.connect.http.HttpSourceConnector")).findFirst()
                .orElseThrow();
        assertEquals("source", row.type());
        assertTrue(row.loadable() && row.hasManifest(), row.toString());
        assertEquals(System.getProperty("rivulet.project.version"), row.version());

        try (ConnectCluster connect = ConnectCluster.builder(TestServers.kafka()).pluginPath(pluginPath).start()) {
            Set<String> shown = connect.rest().pluginConfig("HttpSourceConnector").stream()
                    .map(ConfigKeyInfo::name).collect(Collectors.toSet());
            // The worker adds its own keys for connectors (connector.class, errors.*, transforms ...).
            assertTrue(shown.containsAll(HttpSourceConfig.CONFIG_DEF.names()), "shown: " + shown);
            Set<String> secrets = connect.rest().pluginConfig("HttpSourceConnector").stream()
                    .filter(k -> k.type().equals("PASSWORD")).map(ConfigKeyInfo::name).collect(Collectors.toSet());
            assertEquals(Set.of("http.auth.password", "http.auth.token", "http.auth.api.key", "listener.token",
                    "listener.ssl.keystore.password", "listener.ssl.key.password"), secrets);
        }
    }
}
