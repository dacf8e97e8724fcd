package io.rivulet.connect.http.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** What a page request sends, seen by a real HTTP server on loopback. */
class PageFetcherTest {
    @Test
    void basicAuthenticationSendsUserAndPasswordAsUtf8() throws Exception {
        List<String> authorizations = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/orders", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"data\":{\"orders\":[]}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (PageFetcher fetcher = new PageFetcher(new PageFetcher.Settings("GET", Map.of(), "", AuthType.BASIC,
                "shop", "s3cr:t \u00e4", "", "X-API-Key", "", 5000, 1 << 20, null))) {
            FetchedPage page = fetcher.fetch(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/orders"));
            assertEquals(0, page.json().at("/data/orders").size());
        } finally {
            server.stop(0);
        }
        // base64 of the UTF-8 bytes of "shop:s3cr:t ä", as RFC 7617 has it
        assertEquals(List.of("Basic c2hvcDpzM2NyOnQgw6Q="), authorizations);
    }
}
