package io.rivulet.compose.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.rivulet.connect.druid.DruidSinkConfig;
import io.rivulet.connect.http.HttpListenerSourceConfig;
import io.rivulet.connect.http.HttpPullSourceConfig;
import io.rivulet.connect.jdbc.JdbcSinkConfig;
import io.rivulet.embedded.ConfigKeyInfo;
import io.rivulet.embedded.ConfigValidation;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.PluginInstaller.ListedPlugin;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.transforms.RedisEnrichConfig;
import io.rivulet.transforms.ValidateConfig;

/**
 * Every plugin, installed from its archive as users install it into a stock worker: Kafka's plugin checker lists it
 * as loadable with a manifest and the project's version, its folder has its generated reference page, and the
 * worker shows every config key it defines, with exactly the expected keys typed PASSWORD, and, for every key with
 * a recommender (the enum keys, each listed here), the recommended values in {@code /config/validate}.
 */
@Tag("integration")
class PluginArchivesIT {
    private static final String JDBC_SINK = "io.rivulet.connect.jdbc.JdbcSinkConnector";

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    private static List<ListedPlugin> listed;

    /** Kafka's plugin checker over the plugin path, run once (it starts a JVM and scans every archive). */
    private static synchronized List<ListedPlugin> listed() {
        if (listed == null) {
            listed = PluginInstaller.list(CONNECT.pluginPath());
        }
        return listed;
    }

    static Stream<Arguments> plugins() {
        return Stream.of(
                Arguments.of("rivulet-http-source", "io.rivulet.connect.http.HttpPullSourceConnector", "source",
                        HttpPullSourceConfig.CONFIG_DEF, Set.of("http.auth.password", "http.auth.token",
                                "http.auth.api.key", "http.auth.oauth2.client.secret"),
                        Set.of("http.auth.type", "http.pagination", "http.cursor.on.repeat",
                                "http.incrementing.compare", "http.auth.oauth2.client.auth")),
                Arguments.of("rivulet-http-source", "io.rivulet.connect.http.HttpListenerSourceConnector", "source",
                        HttpListenerSourceConfig.CONFIG_DEF, Set.of("listener.token",
                                "listener.ssl.keystore.password", "listener.ssl.key.password"), Set.of()),
                Arguments.of("rivulet-jdbc-sink", JDBC_SINK, "sink", JdbcSinkConfig.CONFIG_DEF,
                        Set.of("connection.password"), Set.of("insert.mode", "primary.key.mode", "write.method")),
                Arguments.of("rivulet-druid-sink", "io.rivulet.connect.druid.DruidSinkConnector", "sink",
                        DruidSinkConfig.CONFIG_DEF, Set.of("druid.auth.password"), Set.of()),
                Arguments.of("rivulet-transforms", "io.rivulet.transforms.Validate$Value", "transformation",
                        ValidateConfig.CONFIG_DEF, Set.of(), Set.of("on.invalid")),
                Arguments.of("rivulet-transforms", "io.rivulet.transforms.Validate$Key", "transformation",
                        ValidateConfig.CONFIG_DEF, Set.of(), Set.of("on.invalid")),
                Arguments.of("rivulet-transforms", "io.rivulet.transforms.RedisEnrich", "transformation",
                        RedisEnrichConfig.CONFIG_DEF, Set.of("redis.password"), Set.of("on.miss", "on.error")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("plugins")
    void theArchiveInstallsAndTheWorkerShowsEveryKey(String folder, String className, String type,
                                                    ConfigDef definition, Set<String> passwords,
                                                    Set<String> enumKeys) {
        Path plugin = CONNECT.pluginPath().resolve(folder);
        assertTrue(Files.isRegularFile(plugin.resolve("manifest.json")), folder);
        String page = className.substring(className.lastIndexOf('.') + 1).replace('$', '-') + ".md";
        assertTrue(Files.isRegularFile(plugin.resolve("doc").resolve(page)), "doc/" + page);
        ListedPlugin row = listed().stream().filter(p -> p.className().equals(className)).findFirst().orElseThrow();
        assertEquals(type, row.type());
        assertEquals(plugin.toString(), row.location());
        assertTrue(row.loadable() && row.hasManifest(), row.toString());
        assertEquals(System.getProperty("rivulet.project.version"), row.version());

        List<ConfigKeyInfo> keys = CONNECT.rest().pluginConfig(className);
        Set<String> shown = keys.stream().map(ConfigKeyInfo::name).collect(Collectors.toSet());
        if (type.equals("transformation")) {
            assertEquals(definition.names(), shown);
        } else { // the worker adds its own keys for connectors (connector.class, errors.*, transforms ...)
            assertTrue(shown.containsAll(definition.names()), "shown: " + shown);
        }
        assertEquals(passwords, keys.stream().filter(k -> k.type().equals("PASSWORD")).map(ConfigKeyInfo::name)
                .collect(Collectors.toSet()));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("plugins")
    void validationListsTheRecommendedValuesOfEveryEnumKey(String folder, String className, String type,
                                                           ConfigDef definition, Set<String> passwords,
                                                           Set<String> enumKeys) {
        Map<String, String> config = new HashMap<>();
        String prefix = "";
        if (type.equals("transformation")) { // validated as users validate them: in a connector's chain
            config.put("connector.class", JDBC_SINK);
            config.put("transforms", "t");
            config.put("transforms.t.type", className);
            prefix = "transforms.t.";
        } else {
            config.put("connector.class", className);
        }
        config.put("name", "recommended-values");
        Map<String, List<String>> recommended = CONNECT.rest().validate(config.get("connector.class"), config)
                .configs().stream().map(ConfigValidation.Config::value)
                .filter(v -> v != null && v.recommendedValues() != null && !v.recommendedValues().isEmpty())
                .collect(Collectors.toMap(ConfigValidation.Value::name, ConfigValidation.Value::recommendedValues));
        Set<String> withRecommender = new TreeSet<>();
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            if (key.recommender == null) {
                continue;
            }
            withRecommender.add(key.name);
            List<String> expected = key.recommender.validValues(key.name, Map.of()).stream().map(String::valueOf)
                    .toList();
            assertFalse(expected.isEmpty(), key.name);
            assertEquals(expected, recommended.get(prefix + key.name), prefix + key.name + " in " + recommended);
        }
        assertEquals(new TreeSet<>(enumKeys), withRecommender, "the keys with a recommender");
    }
}
