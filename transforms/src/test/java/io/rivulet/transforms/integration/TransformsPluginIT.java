package io.rivulet.transforms.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.testkit.ConfigKeyInfo;
import io.rivulet.testkit.ConfigValidation;
import io.rivulet.testkit.ConnectCluster;
import io.rivulet.testkit.ConnectRestClient;
import io.rivulet.testkit.PluginInfo;
import io.rivulet.testkit.PluginInstaller.ListedPlugin;
import io.rivulet.testkit.PluginInstaller;
import io.rivulet.testkit.TestServers;
import io.rivulet.transforms.RedisEnrichConfig;
import io.rivulet.transforms.ValidateConfig;

/** The transforms' archive installs as users install it, and the worker shows every config key. */
@Tag("integration")
class TransformsPluginIT {
    private static final Map<String, ConfigDef> TRANSFORMS = Map.of(
            "io.rivulet.transforms.Validate$Value", ValidateConfig.CONFIG_DEF,
            "io.rivulet.transforms.Validate$Key", ValidateConfig.CONFIG_DEF,
            "io.rivulet.transforms.RedisEnrich", RedisEnrichConfig.CONFIG_DEF);

    private static Path pluginPath;
    private static ConnectCluster connect;
    private static ConnectRestClient rest;

    @BeforeAll
    static void start() {
        pluginPath = PluginInstaller.install(PluginInstaller.builtZips());
        connect = ConnectCluster.builder(TestServers.kafka()).pluginPath(pluginPath).start();
        rest = connect.rest();
    }

    @AfterAll
    static void stop() {
        connect.close();
    }

    @Test
    void connectPluginPathListsEveryTransformAsLoadable() {
        Path plugin = pluginPath.resolve("rivulet-transforms");
        assertTrue(Files.isRegularFile(plugin.resolve("manifest.json")));
        assertTrue(Files.isRegularFile(plugin.resolve("doc/RedisEnrich.md")));
        assertTrue(Files.isRegularFile(plugin.resolve("etc/validate-orders.json")));
        Map<String, ListedPlugin> listed = PluginInstaller.list(pluginPath).stream()
                .filter(p -> p.location().equals(plugin.toString()))
                .collect(Collectors.toMap(ListedPlugin::className, p -> p));
        assertEquals(TRANSFORMS.keySet(), listed.keySet());
        listed.values().forEach(row -> {
            assertEquals("transformation", row.type(), row.className());
            assertTrue(row.loadable(), row.className());
            assertTrue(row.hasManifest(), row.className());
            assertEquals(System.getProperty("rivulet.project.version"), row.version());
        });
    }

    @Test
    void theWorkerListsTheTransformsWithEveryConfigKey() {
        Map<String, PluginInfo> plugins = rest.plugins().stream()
                .collect(Collectors.toMap(PluginInfo::className, p -> p, (a, b) -> a));
        TRANSFORMS.forEach((className, configDef) -> {
            assertEquals("transformation", plugins.get(className).type(), className);
            Set<String> shown = rest.pluginConfig(className).stream().map(ConfigKeyInfo::name)
                    .collect(Collectors.toSet());
            assertEquals(configDef.names(), shown, className);
        });
        ConfigKeyInfo password = rest.pluginConfig("io.rivulet.transforms.RedisEnrich").stream()
                .filter(k -> k.name().equals("redis.password")).findFirst().orElseThrow();
        assertEquals("PASSWORD", password.type());
    }

    @Test
    void connectorValidationReportsTransformErrorsPerField() {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "name", "bad-rules",
                "connector.class", "FixtureSourceConnector",
                "topic", "orders",
                "fixture.file", "/dev/null",
                "transforms", "validate,enrich",
                "transforms.validate.type", "io.rivulet.transforms.Validate$Value",
                "transforms.validate.rules", "order_id not_blank; total_amount >> 0"));
        config.putAll(Map.of(
                "transforms.enrich.type", "io.rivulet.transforms.RedisEnrich",
                "transforms.enrich.redis.uri", "redis://:secret@localhost:6379",
                "transforms.enrich.key.template", "user:{user_id}",
                "transforms.enrich.fields", "segment"));
        ConfigValidation validation = rest.validate("FixtureSourceConnector", config);
        Map<String, List<String>> errors = validation.errors();
        assertEquals(Set.of("transforms.validate.rules", "transforms.enrich.redis.uri"), errors.keySet(),
                errors.toString());
        assertTrue(errors.get("transforms.validate.rules").get(0).contains("rule 2 ('total_amount >> 0') at "
                + "position 34"), errors.toString());
        assertTrue(!errors.toString().contains("secret"), "the password in the URI is not echoed: " + errors);
    }

    @Test
    void restShowsTheDefaults() {
        ConfigKeyInfo onInvalid = rest.pluginConfig("io.rivulet.transforms.Validate$Value").stream()
                .filter(k -> k.name().equals("on.invalid")).findFirst().orElseThrow();
        assertEquals("route", onInvalid.defaultValue());
    }
}
