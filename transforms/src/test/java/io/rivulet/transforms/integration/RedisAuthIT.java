package io.rivulet.transforms.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.RedisServer;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.TestServers;

/**
 * A password-protected Redis, with the password given through Connect's FileConfigProvider: it reaches the
 * transform but never the connector config the REST API shows, nor the worker's log.
 */
@Tag("integration")
class RedisAuthIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    private static final String SECRET = "s3cret-" + System.nanoTime();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static KafkaBroker kafka;
    private static RedisServer redis;

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
        redis = RedisServer.start(SECRET);
        Fixtures.seedProfiles(redis);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void passwordFromAConfigProviderIsUsedAndNeverShown() throws IOException {
        Path secrets = WorkDirs.fresh("secrets").resolve("redis.properties");
        Files.writeString(secrets, "password=" + SECRET + "\n", StandardCharsets.UTF_8);
        String topic = "auth.clicks";
        Map<String, String> config = new HashMap<>(Format.JSON.converterConfig(null));
        config.putAll(Map.of(
                "connector.class", "FixtureSourceConnector",
                "topic", topic,
                "fixture.file", Fixtures.write("clicks", Fixtures.clicks(20)).toString(),
                "fixture.schema", "click",
                "transforms", "enrich",
                "transforms.enrich.type", "io.rivulet.transforms.RedisEnrich",
                "transforms.enrich.redis.uri", redis.uri(),
                "transforms.enrich.redis.password", "${file:" + secrets + ":password}",
                "transforms.enrich.key.template", "user:{user_id}",
                "transforms.enrich.fields", "segment"));
        CONNECT.rest().putConnectorConfig("auth", config);
        CONNECT.rest().awaitRunning("auth", 1, TIMEOUT);

        List<Map<String, Object>> clicks = kafka.awaitRecords(topic, 20, TIMEOUT).stream()
                .map(r -> Format.JSON.decode(r.value(), null)).collect(java.util.stream.Collectors.toList());
        clicks.forEach(c -> assertEquals(Fixtures.expectedSegment(c.get("user_id")), c.get("segment")));

        String shown = CONNECT.rest().connectorConfig("auth").toString();
        assertTrue(shown.contains("${file:"), shown);
        assertFalse(shown.contains(SECRET), "the REST API shows the placeholder, not the password");
        Path log = WorkDirs.root().resolve("servers.log");
        assertFalse(Files.readString(log, StandardCharsets.UTF_8).contains(SECRET), "the password is not logged");
        CONNECT.rest().deleteConnector("auth");
    }
}
