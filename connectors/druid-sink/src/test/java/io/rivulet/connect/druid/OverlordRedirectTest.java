package io.rivulet.connect.druid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An overlord that is not the leader answers 307 with the leader's URL; while none leads (an overlord starting, as
 * in DruidSinkIT's restart), the 307 leads nowhere. The first is followed, the second is an outage to ride out.
 */
class OverlordRedirectTest {
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private Overlord overlord(boolean leaderKnown) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path + " " + new String(
                    exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (path.startsWith("/leader/")) {
                answer(exchange, 200, "{\"task\":\"t-1\"}");
            } else {
                if (leaderKnown) {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:"
                            + server.getAddress().getPort() + "/leader" + path);
                }
                answer(exchange, 307, "");
            }
        });
        server.start();
        return new Overlord(new DruidSinkConfig(Map.of("druid.overlord.url", "http://127.0.0.1:"
                + server.getAddress().getPort(), "topics", "t", "consumer.override.isolation.level",
                "read_committed")));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRedirectToTheLeaderIsFollowedWithTheSameTask() throws IOException {
        assertEquals("t-1", overlord(true).submit("{\"type\":\"index_parallel\"}"));
        assertEquals(List.of("POST /druid/indexer/v1/task {\"type\":\"index_parallel\"}",
                "POST /leader/druid/indexer/v1/task {\"type\":\"index_parallel\"}"), requests);
    }

    @Test
    void aRedirectWithNoLeaderIsAnOutageNotAFailure() throws IOException {
        Overlord overlord = overlord(false);
        RetriableException e = assertThrows(RetriableException.class, () -> overlord.submit("{}"));
        // The JDK client reports a 307 without Location as an invalid redirection; a 307 chain as the 307 itself.
        assertTrue(e.getMessage().contains("POST /druid/indexer/v1/task") && e.getMessage().contains(
                "redirect"), e.getMessage());
    }
}
