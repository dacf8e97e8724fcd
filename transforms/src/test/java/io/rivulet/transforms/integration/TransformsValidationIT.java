package io.rivulet.transforms.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.embedded.ConfigKeyInfo;
import io.rivulet.embedded.ConfigValidation;
import io.rivulet.testkit.ConnectClusterExtension;

/**
 * A worker validates the transforms in a connector's chain as users submit them: each mistake is reported on its
 * key, without echoing a password, and the defaults are shown. (The archive itself is checked with every plugin's
 * in PluginArchivesIT.)
 */
@Tag("integration")
class TransformsValidationIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

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
        ConfigValidation validation = CONNECT.rest().validate("FixtureSourceConnector", config);
        Map<String, List<String>> errors = validation.errors();
        assertEquals(Set.of("transforms.validate.rules", "transforms.enrich.redis.uri"), errors.keySet(),
                errors.toString());
        assertTrue(errors.get("transforms.validate.rules").get(0).contains("rule 2 ('total_amount >> 0') at "
                + "position 34"), errors.toString());
        assertTrue(!errors.toString().contains("secret"), "the password in the URI is not echoed: " + errors);
    }

    @Test
    void restShowsTheDefaults() {
        ConfigKeyInfo onInvalid = CONNECT.rest().pluginConfig("io.rivulet.transforms.Validate$Value").stream()
                .filter(k -> k.name().equals("on.invalid")).findFirst().orElseThrow();
        assertEquals("route", onInvalid.defaultValue());
    }
}
