package io.rivulet.connect.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.rivulet.connect.http.pull.PullPoller;
import io.rivulet.testkit.ShopApiStub;

/**
 * OAuth 2.0 client credentials against the shop stub's token endpoint, whose tokens live two seconds: fetched
 * before they expire (the API never sees an expired one), replaced once when the API refuses one, and a wrong secret
 * fails the task naming the token endpoint and the provider's error, never the secret.
 */
class PullPollerOAuth2Test {
    private static final String SECRET = "s3cret-never-logged";

    private ShopApiStub shop;

    @BeforeEach
    void start() {
        shop = ShopApiStub.start();
        shop.requireOAuth2("rivulet", SECRET, 2);
    }

    @AfterEach
    void close() {
        shop.close();
    }

    private PullPoller poller(String secret, String clientAuth) {
        Map<String, String> settings = new HashMap<>();
        settings.put("http.auth.type", "oauth2");
        settings.put("http.auth.oauth2.token.url", shop.url() + "/oauth/token");
        settings.put("http.auth.oauth2.client.id", "rivulet");
        settings.put("http.auth.oauth2.client.secret", secret);
        settings.put("http.auth.oauth2.scope", "orders:read");
        settings.put("http.auth.oauth2.client.auth", clientAuth);
        settings.put("poll.interval.ms", "100");
        settings.put("poll.interval.max.ms", "100");
        return TestPullPollers.start(shop, settings);
    }

    @ParameterizedTest(name = "client auth {0}")
    @ValueSource(strings = {"basic", "post"})
    void tokensAreRefreshedBeforeTheyExpire(String clientAuth) throws InterruptedException {
        PullPoller poller = poller(SECRET, clientAuth);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            shop.addOrders(1);
            ids.addAll(TestPullPollers.pollFor(poller, 500));
        }
        poller.stop();
        assertEquals(shop.orders().stream().map(o -> o.get("order_id").asText()).toList(), ids);
        assertTrue(shop.tokensIssued() >= 3, shop.tokensIssued() + " tokens over 5 s of 2 s tokens");
        assertEquals(0, shop.tokensRefused(), "no request with an expired token");
    }

    @Test
    void aTokenTheApiRefusesIsReplacedOnce() throws InterruptedException {
        shop.requireOAuth2("rivulet", SECRET, 3600);
        PullPoller poller = poller(SECRET, "basic");
        shop.addOrders(2);
        assertEquals(2, TestPullPollers.pollFor(poller, 500).size());
        assertEquals(1, shop.tokensIssued());
        shop.revokeTokens();
        shop.addOrders(1);
        assertEquals(List.of("o-3"), TestPullPollers.pollFor(poller, 1000));
        poller.stop();
        assertEquals(2, shop.tokensIssued(), "one new token");
        assertEquals(1, shop.tokensRefused(), "one request refused, then retried with the new token");
    }

    @Test
    void aWrongSecretFailsTheTaskNamingTheTokenEndpointNotTheSecret() {
        PullPoller poller = poller("wrong-" + SECRET, "basic");
        ConnectException failed = assertThrows(ConnectException.class, () -> TestPullPollers.pollFor(poller, 2000));
        poller.stop();
        String message = failed.getMessage();
        assertTrue(message.contains(shop.url() + "/oauth/token") && message.contains("invalid_client")
                && message.contains("client rivulet"), message);
        assertTrue(!message.contains(SECRET), message);
    }
}
