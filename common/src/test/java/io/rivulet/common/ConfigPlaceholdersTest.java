package io.rivulet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConfigPlaceholdersTest {
    @Test
    void referencesTheWorkerLeftAsTextAreNamedByKey() {
        Map<String, List<String>> errors = ConfigPlaceholders.unresolved(Map.of(
                "http.auth.token", "${file:/mnt/rivulet/secrets/shop.properties:tokn}",
                "redis.password", "${env:REDIS_PASSWORD}",
                "http.url", "https://shop.example/{endpoint}/orders",
                "rules", "order_id not_blank"));
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(List.of("'http.auth.token' holds '${file:/mnt/rivulet/secrets/shop.properties:tokn}', a config "
                + "provider reference the worker did not resolve: it has no provider 'file' (config.providers in the "
                + "worker config) or found no key 'tokn' at '/mnt/rivulet/secrets/shop.properties'"),
                errors.get("http.auth.token"));
        assertTrue(errors.get("redis.password").get(0).contains("no provider 'env'")
                && errors.get("redis.password").get(0).contains("no key 'REDIS_PASSWORD'"), errors.toString());
        ConfigException failed = assertThrows(ConfigException.class,
                () -> ConfigPlaceholders.requireNone("RedisEnrich", Map.of("redis.password", "${env:X}")));
        assertTrue(failed.getMessage().contains("'redis.password' holds '${env:X}'"), failed.getMessage());
    }
}
