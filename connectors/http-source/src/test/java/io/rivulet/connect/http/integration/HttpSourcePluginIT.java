package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigDef;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.rivulet.connect.http.HttpListenerSourceConfig;
import io.rivulet.connect.http.HttpListenerSourceConnector;
import io.rivulet.connect.http.HttpPullSourceConfig;
import io.rivulet.connect.http.HttpPullSourceConnector;
import io.rivulet.testkit.ConfigKeyInfo;
import io.rivulet.testkit.ConnectCluster;
import io.rivulet.testkit.PluginInstaller.ListedPlugin;
import io.rivulet.testkit.PluginInstaller;
import io.rivulet.testkit.TestServers;

/** The connectors' archive installs as users install it; Kafka's checker and the worker both see all of it. */
@Tag("integration")
class HttpSourcePluginIT {

    static Stream<Arguments> connectors() {
        return Stream.of(
                Arguments.of(HttpPullSourceConnector.class, HttpPullSourceConfig.CONFIG_DEF,
                        Set.of("http.auth.password", "http.auth.token", "http.auth.api.key")),
                Arguments.of(HttpListenerSourceConnector.class, HttpListenerSourceConfig.CONFIG_DEF,
                        Set.of("listener.token", "listener.ssl.keystore.password", "listener.ssl.key.password")));
    }

    @ParameterizedTest
    @MethodSource("connectors")
    void archiveIsListedAsLoadableAndTheWorkerShowsEveryConfigKey(Class<?> connector, ConfigDef definition,
                                                                  Set<String> passwords) {
        String name = connector.getSimpleName();
        Path pluginPath = PluginInstaller.install(PluginInstaller.builtZips());
        Path plugin = pluginPath.resolve("rivulet-http-source");
        assertTrue(Files.isRegularFile(plugin.resolve("manifest.json")));
        assertTrue(Files.isRegularFile(plugin.resolve("doc/" + name + ".md")));
        ListedPlugin row = PluginInstaller.list(pluginPath).stream()
                .filter(p -> p.className().equals(connector.getName())).findFirst().orElseThrow();
        assertEquals("source", row.type());
        assertTrue(row.loadable() && row.hasManifest(), row.toString());
        assertEquals(System.getProperty("rivulet.project.version"), row.version());

        try (ConnectCluster connect = ConnectCluster.builder(TestServers.kafka()).pluginPath(pluginPath).start()) {
            List<ConfigKeyInfo> keys = connect.rest().pluginConfig(name);
            Set<String> shown = keys.stream().map(ConfigKeyInfo::name).collect(Collectors.toSet());
            // The worker adds its own keys for connectors (connector.class, errors.*, transforms ...).
            assertTrue(shown.containsAll(definition.names()), "shown: " + shown);
            Set<String> secrets = keys.stream().filter(k -> k.type().equals("PASSWORD")).map(ConfigKeyInfo::name)
                    .collect(Collectors.toSet());
            assertEquals(passwords, secrets);
        }
    }

    /** Each connector has only its own keys: the pull settings are not offered to the listener, nor the reverse. */
    @Test
    void eachConnectorDefinesOnlyItsOwnKeys() {
        Set<String> pull = HttpPullSourceConfig.CONFIG_DEF.names();
        Set<String> listener = HttpListenerSourceConfig.CONFIG_DEF.names();
        Set<String> shared = new java.util.TreeSet<>(pull);
        shared.retainAll(listener);
        assertEquals(Set.of("topic", "record.schema.file", "record.schema.inline", "record.key.pointer",
                "record.timestamp.pointer", "invalid.topic.suffix"), shared);
        assertTrue(pull.stream().noneMatch(k -> k.startsWith("listener.")), pull.toString());
        assertTrue(listener.stream().noneMatch(k -> k.startsWith("http.")), listener.toString());
        assertTrue(pull.stream().noneMatch(k -> k.equals("http.mode")) && !listener.contains("http.mode"));
    }
}
