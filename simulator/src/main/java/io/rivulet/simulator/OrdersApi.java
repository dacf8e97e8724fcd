package io.rivulet.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The shop's orders REST API, as the HTTP source's cursor pagination reads it:
 * {@code GET /orders?cursor=c<n>&limit=<k>} answers {@code {"data": {"orders": [...]}, "next_cursor": "c<m>"}}
 * with the orders in the order they were placed; at the end the same cursor comes back with no orders.
 */
final class OrdersApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LIMIT = 1000;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<ObjectNode> orders = new ArrayList<>();
    private final String token;
    /** The highest position any request has read up to: how many orders the pipeline has fetched. */
    private final AtomicInteger served = new AtomicInteger();

    OrdersApi(int port, String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(port), 64);
        server.createContext("/orders", this::handle);
        server.createContext("/health", exchange -> send(exchange, 200, "{\"status\":\"UP\"}"));
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    synchronized void add(ObjectNode order) {
        orders.add(order);
    }

    synchronized int size() {
        return orders.size();
    }

    int served() {
        return served.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!token.isEmpty() && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst(
                    "Authorization"))) {
                send(exchange, 401, "{\"error\":\"missing or wrong bearer token\"}");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"error\":\"GET only\"}");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI());
            int from;
            int limit;
            try {
                String cursor = query.getOrDefault("cursor", "c0");
                from = Integer.parseInt(cursor.startsWith("c") ? cursor.substring(1) : cursor);
                limit = Math.min(MAX_LIMIT, Integer.parseInt(query.getOrDefault("limit", "100")));
                if (from < 0 || limit <= 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                send(exchange, 400, "{\"error\":\"cursor must be c<n> and limit a positive number\"}");
                return;
            }
            ObjectNode body = JSON.createObjectNode();
            ArrayNode page = body.putObject("data").putArray("orders");
            int to;
            synchronized (this) {
                to = Math.min(orders.size(), from + limit);
                for (int i = Math.min(from, to); i < to; i++) {
                    page.add(orders.get(i));
                }
            }
            served.accumulateAndGet(to, Math::max);
            body.put("next_cursor", "c" + Math.max(from, to));
            send(exchange, 200, body.toString());
        } finally {
            exchange.close();
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
