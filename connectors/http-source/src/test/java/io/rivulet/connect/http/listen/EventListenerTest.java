package io.rivulet.connect.http.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;

import org.junit.jupiter.api.Test;

import io.rivulet.embedded.Waits;

/** The listener's HTTP behaviour on a real Jetty server, with a stand-in for Connect confirming the writes. */
class EventListenerTest {
    // One client per test: a kept-alive connection to an earlier test's listener on a reused port would be dead.
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ORIGIN = "http://shop.localhost:8000";

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder post(TestListener listener, String body) {
        return HttpRequest.newBuilder(listener.uri()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String click(String id) {
        return "{\"event_id\":\"" + id + "\",\"user_id\":\"u-1\",\"action\":\"click\"}";
    }

    @Test
    void everyAnswerIsCountedByItsStatusClassAndTimedInJmxUntilTheListenerStops() throws Exception {
        ObjectName name;
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try (TestListener listener = TestListener.start(Map.of("listener.cors.allowed.origins", ORIGIN,
                "listener.token", "s3cret"))) {
            name = new ObjectName("io.rivulet.connect.http:type=HttpListener,connector=test-listener,port="
                    + listener.port);
            assertEquals(200, send(HttpRequest.newBuilder(listener.uri())
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "POST")).statusCode()); // CORS answers it
            assertEquals(202, send(post(listener, click("m-1")).header("Authorization", "Bearer s3cret"))
                    .statusCode());
            assertEquals(401, send(post(listener, click("m-2"))).statusCode());
            assertEquals(400, send(post(listener, "{").header("Authorization", "Bearer s3cret")).statusCode());
            Waits.until("four answers counted", Duration.ofSeconds(10),
                    () -> (Long) attribute(name, "RequestSecondsCount"), n -> n == 4);
            assertEquals(2L, jmx.getAttribute(name, "Responses2xx"));
            assertEquals(2L, jmx.getAttribute(name, "Responses4xx"));
            assertEquals(0L, jmx.getAttribute(name, "Responses5xx"));
            double sum = (Double) jmx.getAttribute(name, "RequestSecondsSum");
            double max = (Double) jmx.getAttribute(name, "RequestSecondsMax");
            assertTrue(sum > 0 && max > 0 && max <= sum, "sum " + sum + ", max " + max);
            TabularData quantiles = (TabularData) jmx.getAttribute(name, "RequestSecondsQuantiles");
            double p99 = (Double) quantiles.get(new Object[] {"0.99"}).get("value");
            assertTrue(p99 > 0 && p99 <= max, "p99 " + p99 + ", max " + max);
        }
        assertFalse(jmx.isRegistered(name), "the stopped listener's metrics are gone");
    }

    private static Object attribute(ObjectName name, String attribute) {
        try {
            return ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void corsPreflightAndEveryAnswerLetThePageReadIt() throws Exception {
        try (TestListener listener = TestListener.start(Map.of("listener.cors.allowed.origins", ORIGIN,
                "listener.token", "s3cret"))) {
            HttpResponse<String> preflight = send(HttpRequest.newBuilder(listener.uri())
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type"));
            assertEquals(200, preflight.statusCode());
            assertEquals(ORIGIN, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
            String allowed = preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase();
            assertTrue(allowed.contains("authorization") && allowed.contains("content-type"), allowed);
            assertEquals("600", preflight.headers().firstValue("Access-Control-Max-Age").orElse(null));

            HttpResponse<String> accepted = send(post(listener, click("c-1")).header("Origin", ORIGIN)
                    .header("Authorization", "Bearer s3cret"));
            assertEquals(202, accepted.statusCode(), accepted.body());
            assertEquals(ORIGIN, accepted.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals("{\"accepted\":1,\"invalid\":0,\"duplicates\":0}", accepted.body());

            HttpResponse<String> unauthorized = send(post(listener, click("c-2")).header("Origin", ORIGIN));
            assertEquals(401, unauthorized.statusCode());
            assertEquals(ORIGIN, unauthorized.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

            // Another origin: no CORS headers and nothing written, even for a request a page could send blind.
            HttpResponse<String> foreign = send(post(listener, click("c-3")).header("Origin", "http://evil.localhost")
                    .header("Authorization", "Bearer s3cret").header("Content-Type", "text/plain"));
            assertEquals(400, foreign.statusCode());
            assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            assertEquals(List.of("c-1"), ids(listener));
        }
    }

    @Test
    void jsonAndTextPlainAreAcceptedOtherContentTypesAre415() throws Exception {
        try (TestListener listener = TestListener.start(Map.of())) {
            assertEquals(202, send(post(listener, click("t-1")).setHeader("Content-Type",
                    "application/json; charset=utf-8")).statusCode());
            assertEquals(202, send(post(listener, click("t-2")).setHeader("Content-Type",
                    "text/plain;charset=UTF-8")).statusCode());
            HttpResponse<String> form = send(post(listener, click("t-3")).setHeader("Content-Type",
                    "application/x-www-form-urlencoded"));
            assertEquals(415, form.statusCode());
            assertTrue(form.body().contains("application/x-www-form-urlencoded"), form.body());
            assertEquals(415, send(post(listener, click("t-4")).setHeader("Content-Type", "multipart/form-data; "
                    + "boundary=x")).statusCode());
            assertEquals(List.of("t-1", "t-2"), ids(listener));
        }
    }

    @Test
    void gzipBodiesAreInflatedAndTheLimitCountsInflatedBytes() throws Exception {
        try (TestListener listener = TestListener.start(Map.of("listener.max.body.bytes", "65536"))) {
            HttpResponse<String> gzipped = send(HttpRequest.newBuilder(listener.uri())
                    .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(gzip("[" + click("g-1") + "," + click("g-2")
                            + "]"))));
            assertEquals(202, gzipped.statusCode(), gzipped.body());
            assertEquals(List.of("g-1", "g-2"), ids(listener));

            // 10 MB of JSON that compresses to a few KB: refused once the inflated bytes pass the limit.
            String padded = "{\"event_id\":\"bomb\",\"pad\":\"" + " ".repeat(10 * 1024 * 1024) + "\"}";
            byte[] bomb = gzip(padded);
            assertTrue(bomb.length < 65536, "the compressed body is under the limit: " + bomb.length);
            HttpResponse<String> refused = send(HttpRequest.newBuilder(listener.uri())
                    .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(bomb)));
            assertEquals(413, refused.statusCode(), refused.body());

            assertEquals(415, send(post(listener, click("b-1")).header("Content-Encoding", "br")).statusCode());
            assertEquals(List.of("g-1", "g-2"), ids(listener));
        }
    }

    @Test
    void hostileBodiesGetTheir4xxAndNothingIsWritten() throws Exception {
        try (TestListener listener = TestListener.start(Map.of("listener.max.body.bytes", "8388608",
                "listener.queue.size", "1000"))) {
            assertEquals(400, send(post(listener, "")).statusCode(), "empty body");
            assertEquals(400, send(post(listener, "[]")).statusCode(), "empty array");
            assertEquals(400, send(post(listener, "{\"event_id\":\"n\",\"v\":NaN}")).statusCode(), "NaN");
            assertEquals(400, send(post(listener, "[1,2]")).statusCode(), "not objects");
            assertEquals(400, send(post(listener, "[".repeat(100_000) + "]".repeat(100_000))).statusCode(),
                    "100k-deep nesting");
            byte[] badUtf8 = "{\"event_id\":\"x\",\"page\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8);
            badUtf8[badUtf8.length - 3] = (byte) 0xC3; // a lead byte followed by a quote: not UTF-8
            assertEquals(400, send(HttpRequest.newBuilder(listener.uri()).POST(HttpRequest.BodyPublishers
                    .ofByteArray(badUtf8))).statusCode(), "invalid UTF-8");
            HttpResponse<String> million = send(post(listener, "[" + "{},".repeat(999_999) + "{}]"));
            assertEquals(413, million.statusCode(), "a million events");
            assertTrue(million.body().contains("at most 1000"), million.body());
            HttpResponse<String> huge = send(post(listener, "{\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}"));
            assertEquals(413, huge.statusCode(), "10 MB");
            HttpResponse<String> bigEvent = send(post(listener, "[" + click("small") + ",{\"pad\":\""
                    + "x".repeat(300_000) + "\"}]"));
            assertEquals(413, bigEvent.statusCode(), "one event over listener.max.event.bytes");
            assertTrue(bigEvent.body().contains("event 1 is 300010 bytes; at most 262144"), bigEvent.body());
            assertEquals(400, send(post(listener, click("t-1") + " " + click("t-2"))).statusCode(), "trailing");
            assertEquals(405, send(HttpRequest.newBuilder(listener.uri()).GET()).statusCode());
            HttpResponse<String> health = send(HttpRequest.newBuilder(listener.uri().resolve("/health")).GET());
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"UP\"}", health.body());
            assertEquals(404, send(HttpRequest.newBuilder(listener.uri().resolve("/other"))
                    .POST(HttpRequest.BodyPublishers.ofString(click("p"))).header("Content-Type",
                            "application/json")).statusCode());
            assertEquals(List.of(), ids(listener));
            assertEquals(202, send(post(listener, click("after"))).statusCode(), "still serving");
        }
    }

    @Test
    void slowBodiesAre408AndSlowHeadersAreClosed() throws Exception {
        try (TestListener listener = TestListener.start(Map.of("listener.read.timeout.ms", "500",
                "listener.header.timeout.ms", "1000"))) {
            try (Socket slowBody = new Socket("127.0.0.1", listener.port)) {
                slowBody.setSoTimeout(10_000);
                OutputStream out = slowBody.getOutputStream();
                out.write(("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"event_id\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = readAnswer(slowBody.getInputStream());
                assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            }
            try (Socket slowHeaders = new Socket("127.0.0.1", listener.port)) {
                slowHeaders.setSoTimeout(10_000);
                OutputStream out = slowHeaders.getOutputStream();
                long started = System.nanoTime();
                boolean closed = false;
                byte[] request = "POST /events HTTP/1.1\r\nHost: x\r\nX-Padding: ".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 100 && !closed; i++) {
                    try {
                        out.write(request[i % request.length]);
                        out.flush();
                        Thread.sleep(100);
                    } catch (java.io.IOException e) {
                        closed = true;
                    }
                }
                closed |= slowHeaders.getInputStream().read() < 0;
                long tookMs = (System.nanoTime() - started) / 1_000_000;
                assertTrue(closed, "the server closed the connection");
                assertTrue(tookMs < 5000, "closed after " + tookMs + " ms");
            }
            assertTrue(listener.listener.slowHeaderConnectionsClosed() >= 1);
            assertEquals(202, send(post(listener, click("normal"))).statusCode());
        }
    }

    @Test
    void aKeptAliveConnectionIsNotTakenForASlowOne() throws Exception {
        try (TestListener listener = TestListener.start(Map.of("listener.header.timeout.ms", "500"))) {
            try (Socket socket = new Socket("127.0.0.1", listener.port)) {
                socket.setSoTimeout(10_000);
                for (int i = 0; i < 3; i++) {
                    String body = click("k-" + i);
                    socket.getOutputStream().write(("POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: "
                            + "application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.US_ASCII));
                    String answer = readAnswer(socket.getInputStream());
                    assertTrue(answer.startsWith("HTTP/1.1 202"), answer);
                    Thread.sleep(2500); // idle between requests: the idle timeout's business, not the header's
                }
            }
            assertEquals(List.of("k-0", "k-1", "k-2"), ids(listener));
        }
    }

    @Test
    void retriedEventsAreAcknowledgedWithoutWritingThemAgain() throws Exception {
        try (TestListener listener = TestListener.start(Map.of())) {
            String body = "[" + click("d-1") + "," + click("d-2") + "]";
            assertEquals("{\"accepted\":2,\"invalid\":0,\"duplicates\":0}", send(post(listener, body)).body());
            assertEquals("{\"accepted\":2,\"invalid\":0,\"duplicates\":2}", send(post(listener, body)).body());
            assertEquals("{\"accepted\":2,\"invalid\":0,\"duplicates\":1}",
                    send(post(listener, "[" + click("d-2") + "," + click("d-3") + "]")).body());

            // A retry while the first attempt is still being written waits for that write.
            listener.pause();
            CompletableFuture<HttpResponse<String>> first = http.sendAsync(post(listener, click("d-4")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Waits.until("the first attempt queued", Duration.ofSeconds(10),
                    () -> listener.listener.queued() == 1);
            CompletableFuture<HttpResponse<String>> retry = http.sendAsync(post(listener, click("d-4")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            listener.resume();
            assertEquals(202, first.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(202, retry.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(List.of("d-1", "d-2", "d-3", "d-4"), ids(listener));
        }
        try (TestListener off = TestListener.start(Map.of("listener.dedup.window.ms", "0"))) {
            send(post(off, click("o-1")));
            send(post(off, click("o-1")));
            assertEquals(List.of("o-1", "o-1"), ids(off));
        }
    }

    @Test
    void unconfirmedWritesAndAStoppingTaskAre503AndARetryThenWrites() throws Exception {
        try (TestListener listener = TestListener.start(Map.of("listener.ack.timeout.ms", "300"))) {
            listener.pause();
            HttpResponse<String> timedOut = send(post(listener, click("a-1")));
            assertEquals(503, timedOut.statusCode());
            assertEquals("1", timedOut.headers().firstValue("Retry-After").orElse(null));
            listener.resume(); // the first attempt's event is written late; the retry waits for it
            assertEquals("{\"accepted\":1,\"invalid\":0,\"duplicates\":1}", send(post(listener, click("a-1")))
                    .body());
            assertEquals(List.of("a-1"), ids(listener));
        }
        try (TestListener full = TestListener.start(Map.of("listener.queue.size", "2"))) {
            full.pause();
            CompletableFuture<HttpResponse<String>> filling = http.sendAsync(post(full, "[" + click("f-1") + ","
                    + click("f-2") + "]").build(), HttpResponse.BodyHandlers.ofString());
            Waits.until("the first request's events queued", Duration.ofSeconds(10),
                    () -> full.listener.queued() == 2);
            HttpResponse<String> refused = send(post(full, click("f-3")));
            assertEquals(503, refused.statusCode(), "the queue is full for now: " + refused.body());
            assertTrue(refused.body().contains("queue is full"), refused.body());
            full.resume();
            assertEquals(202, filling.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(202, send(post(full, click("f-3"))).statusCode(), "the retry fits");
            assertEquals(List.of("f-1", "f-2", "f-3"), ids(full));
        }
        TestListener stopping = TestListener.start(Map.of());
        stopping.pause();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(post(stopping, click("s-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        Waits.until("the request's event queued", Duration.ofSeconds(10), () -> stopping.listener.queued() == 1);
        stopping.close();
        HttpResponse<String> answer = pending.get(10, TimeUnit.SECONDS);
        assertEquals(503, answer.statusCode(), answer.body());
    }

    @Test
    void tokensAreCheckedExactlyWhateverTheirLengthOrCase() throws Exception {
        try (TestListener listener = TestListener.start(Map.of("listener.token", "s3cret"))) {
            // One client, so one kept-alive connection: a header seen before must not stand for one that differs.
            for (String header : new String[] {"Bearer s3creT", "Bearer s3cret", "Bearer S3CRET", "Bearer s3cret2",
                "Bearer", "bearer s3cret", "Basic czNjcmV0", "Bearer s3cret"}) {
                HttpResponse<String> answer = send(post(listener, click(header)).header("Authorization", header));
                assertEquals(header.equals("Bearer s3cret") ? 202 : 401, answer.statusCode(), header);
                if (answer.statusCode() == 401) {
                    assertEquals("Bearer", answer.headers().firstValue("WWW-Authenticate").orElse(null));
                }
            }
            assertEquals(List.of("Bearer s3cret"), ids(listener), "one event (sent twice with one id)");
        }
    }

    @Test
    void http2InTheClearAndKeepAlive() throws Exception {
        try (TestListener listener = TestListener.start(Map.of())) {
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            // The JDK client upgrades with its first request; the rest go over the same HTTP/2 connection.
            h2.send(HttpRequest.newBuilder(listener.uri()).GET().build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> answer = h2.send(post(listener, click("h2-1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, answer.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, answer.version());
            assertEquals(List.of("h2-1"), ids(listener));
        }
    }

    @Test
    void connectionsOverTheLimitWaitUntilOneCloses() throws Exception {
        try (TestListener listener = TestListener.start(Map.of("listener.max.connections", "2"))) {
            Socket first = new Socket("127.0.0.1", listener.port);
            Socket second = new Socket("127.0.0.1", listener.port);
            Thread.sleep(200);
            HttpClient fresh = HttpClient.newBuilder().build();
            assertThrows(HttpTimeoutException.class, () -> fresh.send(post(listener, click("l-1"))
                    .timeout(Duration.ofMillis(1000)).build(), HttpResponse.BodyHandlers.ofString()));
            first.close();
            second.close();
            HttpResponse<String> answer = HttpClient.newBuilder().build().send(post(listener, click("l-2"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, answer.statusCode());
            // The client that gave up had sent its request already; it is served once accepted (a retry of it
            // would be a duplicate, recognised by its event id).
            assertTrue(ids(listener).contains("l-2"));
        }
    }

    private static List<String> ids(TestListener listener) throws InterruptedException {
        Thread.sleep(100); // a refused request must not show up late either
        List<String> ids = new ArrayList<>();
        listener.written.forEach(event -> ids.add(event.path("event_id").asText(null)));
        return ids;
    }

    private static byte[] gzip(String text) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** One HTTP/1.1 answer, status line to body (bodies have a Content-Length here). */
    private static String readAnswer(InputStream in) throws java.io.IOException {
        StringBuilder answer = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            answer.append((char) c);
            if (answer.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                .matcher(answer);
        if (length.find()) {
            answer.append(new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8));
        }
        return answer.toString();
    }
}
