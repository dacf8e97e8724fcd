package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.Ports;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.TestServers;

/**
 * Hostile clients against a listener in a real worker, with its default settings: hundreds of slowloris
 * connections while a normal client posts, then bodies built to hurt. The normal client stays fast, the slow
 * connections are closed by the server, every hostile body gets its 4xx, the task stays RUNNING, and every
 * acknowledged event is in the topic.
 */
@Tag("integration")
class ListenerHostileClientsIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int SLOW_CONNECTIONS = 300;

    private static KafkaBroker kafka;
    private static int port;
    private static final String TOPIC = "hostile.clicks";

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
        port = Ports.free();
        Map<String, String> config = HttpSourceListenIT.listener(TOPIC, port);
        config.remove("transforms");
        CONNECT.rest().putConnectorConfig("hostile", config);
        CONNECT.rest().awaitRunning("hostile", 1, TIMEOUT);
    }

    @Test
    void slowlorisConnectionsAreClosedAndANormalClientStaysFast() throws Exception {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(1);
            slow.add(socket);
        }
        byte[] headers = "POST /events HTTP/1.1\r\nHost: listener\r\nContent-Type: application/json\r\nX-Slow: "
                .getBytes(StandardCharsets.US_ASCII);
        List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        Set<String> acked = Collections.synchronizedSet(new HashSet<>());
        Thread normal = new Thread(() -> {
            for (int i = 0; i < 300; i++) {
                String id = "normal-" + i;
                long started = System.nanoTime();
                try {
                    if (HttpSourceListenIT.post(port, HttpSourceListenIT.click(id, i % 10, "click"), Map.of())
                            .statusCode() == 202) {
                        acked.add(id);
                    }
                    latenciesMicros.add((System.nanoTime() - started) / 1000);
                    Thread.sleep(40);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "normal-client");
        normal.start();

        // A byte a second on every slow connection, until the server closes them or 30 s have passed.
        long started = System.nanoTime();
        int sent = 0;
        Map<Socket, Long> closedAfterMs = new java.util.HashMap<>();
        while (closedAfterMs.size() < slow.size() && System.nanoTime() - started < 30_000_000_000L) {
            for (Socket socket : slow) {
                if (closedAfterMs.containsKey(socket)) {
                    continue;
                }
                if (closed(socket, headers[sent % headers.length])) {
                    closedAfterMs.put(socket, (System.nanoTime() - started) / 1_000_000);
                }
            }
            sent++;
            Thread.sleep(1000);
        }
        normal.join();
        for (Socket socket : slow) {
            socket.close();
        }

        assertEquals(slow.size(), closedAfterMs.size(), "the server closed every slowloris connection");
        long latest = Collections.max(closedAfterMs.values());
        assertTrue(latest < 20_000, "the last slow connection was closed after " + latest + " ms");
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        long p50 = sorted.get(sorted.size() / 2);
        long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        assertEquals(300, acked.size(), "every normal request acknowledged");
        assertTrue(p99 < 100_000, "the normal client's p99 was " + p99 + " us");
        assertTrue(HttpSourceListenIT.eventIds(kafka.awaitRecords(TOPIC, 300, TIMEOUT)).containsAll(acked));
        assertEquals("RUNNING", CONNECT.rest().status("hostile").tasks().get(0).state());
        System.out.printf("slowloris: %d connections closed by the server within %d ms; normal client p50 %.1f ms, "
                + "p99 %.1f ms over %d requests%n", closedAfterMs.size(), latest, p50 / 1000.0, p99 / 1000.0,
                sorted.size());
    }

    /** Writes one byte; true once the server has closed the connection. */
    private static boolean closed(Socket socket, byte b) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(b);
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                return in.read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            }
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void hostileBodiesGetTheir4xxAndTheTaskServesOn() throws Exception {
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        Map<String, HttpRequest> requests = new java.util.LinkedHashMap<>();
        requests.put("10 MB body", post("{\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}", "application/json"));
        expected.put("10 MB body", 413);
        byte[] badUtf8 = "{\"event_id\":\"x\",\"page\":\"ab\"}".getBytes(StandardCharsets.UTF_8);
        badUtf8[badUtf8.length - 3] = (byte) 0xC3;
        requests.put("invalid UTF-8", HttpRequest.newBuilder(uri()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(badUtf8)).build());
        expected.put("invalid UTF-8", 400);
        requests.put("100k-deep nesting", post("[".repeat(100_000) + "]".repeat(100_000), "application/json"));
        expected.put("100k-deep nesting", 400);
        requests.put("1M-element array", post("[" + "{},".repeat(999_999) + "{}]", "application/json"));
        expected.put("1M-element array", 413);
        requests.put("NaN", post("{\"event_id\":\"nan\",\"user_id\":NaN}", "application/json"));
        expected.put("NaN", 400);
        requests.put("empty body", post("", "application/json"));
        expected.put("empty body", 400);
        requests.put("wrong content type", post(HttpSourceListenIT.click("form", 1, "click"),
                "application/x-www-form-urlencoded"));
        expected.put("wrong content type", 415);
        for (Map.Entry<String, HttpRequest> request : requests.entrySet()) {
            HttpResponse<String> answer = HTTP.send(request.getValue(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expected.get(request.getKey()), answer.statusCode(), request.getKey() + ": "
                    + answer.body());
            assertTrue(answer.body().startsWith("{\"error\":"), request.getKey() + " is told why: " + answer.body());
            assertEquals(202, HttpSourceListenIT.post(port, HttpSourceListenIT.click("after-" + request.getKey()
                    .replace(' ', '-'), 1, "click"), Map.of()).statusCode(), "still serving after " + request.getKey());
        }
        assertEquals("RUNNING", CONNECT.rest().status("hostile").tasks().get(0).state());
        Set<String> ids = HttpSourceListenIT.eventIds(kafka.awaitRecords(TOPIC, requests.size(), TIMEOUT));
        for (String name : requests.keySet()) {
            assertTrue(ids.contains("after-" + name.replace(' ', '-')), name);
        }
        assertTrue(ids.stream().noneMatch(id -> id.equals("x") || id.equals("nan") || id.equals("form")), ids
                .toString());
    }

    private static URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/events");
    }

    private static HttpRequest post(String body, String contentType) {
        return HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
