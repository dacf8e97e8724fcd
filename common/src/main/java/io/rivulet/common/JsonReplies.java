package io.rivulet.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/**
 * Answers a request on the JDK's HTTP server with a JSON body: the one place where the content type, the length and
 * the body are written (the listener and the shop's orders API both answer this way).
 */
public final class JsonReplies {
    private JsonReplies() {
    }

    /** Sends {@code status} with {@code json} as the body; an empty body is sent as none (length -1). */
    public static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
