package io.rivulet.embedded.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.embedded.PluginInstaller.ListedPlugin;
import io.rivulet.embedded.PluginInstaller;

/** The test plugin's archive installs like a Confluent Hub archive and Kafka's own checker accepts it. */
@Tag("integration")
class PluginInstallIT {

    @Test
    void archiveUnzipsIntoAPluginDirectoryThatConnectPluginPathLists() {
        Path pluginPath = PluginInstaller.install(PluginInstaller.builtZips());
        Path plugin = pluginPath.resolve("rivulet-testkit-plugin");
        assertTrue(Files.isRegularFile(plugin.resolve("manifest.json")));
        assertTrue(Files.isRegularFile(plugin.resolve("doc/SequenceSourceConnector.md")));
        assertTrue(Files.isRegularFile(plugin.resolve("lib/rivulet-testkit-plugin-"
                + System.getProperty("rivulet.project.version") + ".jar")));

        Map<String, ListedPlugin> listed = PluginInstaller.list(pluginPath).stream()
                .collect(Collectors.toMap(ListedPlugin::className, p -> p));
        for (String connector : List.of("io.rivulet.testkit.plugin.SequenceSourceConnector",
                "io.rivulet.testkit.plugin.FixtureSourceConnector")) {
            ListedPlugin row = listed.get(connector);
            assertTrue(row != null, connector + " listed in " + listed.keySet());
            assertEquals("source", row.type());
            assertTrue(row.loadable(), connector + " loadable");
            assertTrue(row.hasManifest(), connector + " has a service manifest");
            assertEquals(plugin.toString(), row.location());
        }
    }
}
