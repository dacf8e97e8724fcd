package io.rivulet.embedded.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.embedded.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

@Tag("integration")
class RedisIT {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void flush() {
        redis.flushAll();
    }

    @Test
    void userProfileHashRoundTrip() {
        try (Jedis jedis = redis.client()) {
            jedis.hset("user:42", Map.of("segment", "vip", "country", "DE"));
            assertEquals("vip", jedis.hget("user:42", "segment"));
            assertEquals(Map.of("segment", "vip", "country", "DE"), jedis.hgetAll("user:42"));
        }
        redis.flushAll();
        try (Jedis jedis = redis.client()) {
            assertTrue(jedis.hgetAll("user:42").isEmpty(), "flushAll empties the server");
        }
    }

    @Test
    void stoppedServerRefusesConnectionsAndComesBackOnTheSamePort() {
        redis.stop();
        try (Jedis jedis = redis.client()) {
            assertThrows(JedisConnectionException.class, jedis::ping);
        } finally {
            redis.restart();
        }
        try (Jedis jedis = redis.client()) {
            assertEquals("PONG", jedis.ping());
        }
    }
}
