package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.Ports;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.TestServers;

/**
 * Headless Chromium on a shop page served from another origin than the listener's, as shops use it: fetch() with
 * JSON and a bearer token (so with a preflight) and sendBeacon with text/plain. From an allowed origin every event
 * is in the topic once and the page read every 202 body; from an origin not in the list the browser blocks the
 * fetches, the listener refuses the beacons, and nothing is written.
 */
@Tag("integration")
class ListenerBrowserIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "page-t0ken";

    private static KafkaBroker kafka;
    private static HttpServer pages;
    private static volatile CompletableFuture<JsonNode> report = new CompletableFuture<>();
    private static int pagePort;
    private static int tokenPort;
    private static int beaconPort;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestServers.kafka();
        pagePort = Ports.free();
        String allowed = "http://localhost:" + pagePort; // the page's origin; 127.0.0.1 is another origin
        tokenPort = Ports.free();
        beaconPort = Ports.free();
        Map<String, String> withToken = listener("browser.clicks", tokenPort, allowed);
        withToken.put("listener.token", TOKEN);
        CONNECT.rest().putConnectorConfig("browser-fetch", withToken);
        CONNECT.rest().putConnectorConfig("browser-beacon", listener("browser.clicks", beaconPort, allowed));
        CONNECT.rest().awaitRunning("browser-fetch", 1, TIMEOUT);
        CONNECT.rest().awaitRunning("browser-beacon", 1, TIMEOUT);

        byte[] page;
        try (InputStream in = ListenerBrowserIT.class.getResourceAsStream("/browser/shop-page.html")) {
            page = in.readAllBytes();
        }
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", pagePort), 16);
        pages.createContext("/", exchange -> {
            try (exchange) {
                if ("/report".equals(exchange.getRequestURI().getPath())) {
                    report.complete(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                    exchange.sendResponseHeaders(204, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            }
        });
        pages.start();
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.stop(0);
        }
    }

    private static Map<String, String> listener(String topic, int port, String origin) {
        Map<String, String> config = HttpSourceListenIT.listener(topic, port);
        config.remove("transforms"); // the browser's part is the subject here
        config.put("listener.cors.allowed.origins", origin);
        return config;
    }

    @Test
    void aPageFromAnAllowedOriginPostsWithFetchAndBeaconsAndEveryEventArrivesOnce() throws Exception {
        JsonNode seen = openInChromium("localhost", "allowed");
        List<String> statuses = new ArrayList<>();
        for (JsonNode result : seen.get("fetched")) {
            statuses.add(result.has("status") ? result.get("status").asText() : result.toString());
        }
        assertEquals(java.util.Collections.nCopies(11, "202"), statuses, seen.toString());
        JsonNode last = seen.get("fetched").get(10).get("body");
        assertEquals(2, last.get("accepted").asInt(), "the page reads the 202 body: " + last);
        seen.get("beacons").forEach(queued -> assertTrue(queued.asBoolean(), "beacon queued"));

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            expected.add("allowed-fetch-" + i);
        }
        for (int i = 0; i < 5; i++) {
            expected.add("allowed-beacon-" + i);
        }
        List<String> ids = eventIds(kafka.awaitRecords("browser.clicks", expected.size(), TIMEOUT), "allowed-");
        assertEquals(expected, new HashSet<>(ids));
        assertEquals(expected.size(), ids.size(), "each event once: " + ids);
    }

    @Test
    void aPageFromAnotherOriginIsBlockedAndWritesNothing() throws Exception {
        JsonNode seen = openInChromium("127.0.0.1", "foreign");
        for (JsonNode result : seen.get("fetched")) {
            assertTrue(result.has("error") && result.get("error").asText().contains("Failed to fetch"),
                    "the browser blocks the response to a foreign origin: " + result);
        }
        Thread.sleep(2000); // anything written would be in the topic by now
        assertEquals(List.of(), eventIds(kafka.readToEnd("browser.clicks"), "foreign-"));
        assertEquals("RUNNING", CONNECT.rest().status("browser-fetch").tasks().get(0).state());
        assertEquals("RUNNING", CONNECT.rest().status("browser-beacon").tasks().get(0).state());
    }

    /** Loads the shop page from {@code host} in headless Chromium and returns what the page reported. */
    private static JsonNode openInChromium(String host, String run) throws Exception {
        report = new CompletableFuture<>();
        String url = "http://" + host + ":" + pagePort + "/shop.html?run=" + run
                + "&listener=" + encode("http://127.0.0.1:" + tokenPort + "/events") + "&token=" + TOKEN
                + "&beacons=" + encode("http://127.0.0.1:" + beaconPort + "/events");
        Path profile = WorkDirs.fresh("chromium");
        Path log = profile.resolve("chromium.log");
        Process chromium = new ProcessBuilder(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile.resolve("profile"), url)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            return report.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the page reported nothing; Chromium's log:\n" + Files.readString(log), e);
        } finally {
            chromium.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Chromium is not installed: apt-get install -y chromium (.ci/run does)");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> eventIds(List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records,
                                         String prefix) throws IOException {
        List<String> ids = new ArrayList<>();
        for (var record : records) {
            String id = HttpSourcePullIT.payload(record).get("event_id").asText();
            if (id.startsWith(prefix)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
