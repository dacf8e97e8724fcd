package io.rivulet.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A shop's orders REST API on loopback, for tests and the simulator: orders in creation order, served with
 * cursor, page number, Link header or since-id pagination, optionally behind a bearer token, and faults on demand
 * (5xx, 429 with Retry-After, slow answers, malformed or truncated JSON).
 *
 * <pre>
 * GET /orders?cursor=C&amp;limit=N          {"data": {"orders": [...]}, "next_cursor": "..."}
 * GET /orders/pages?page=P&amp;limit=N      {"data": {"orders": [...]}, "page": P}           (pages from 1)
 * GET /orders/linked?offset=O&amp;limit=N   {"data": {"orders": [...]}} and Link: &lt;...&gt;; rel="next" while more exist
 * GET /orders/since?since_id=I&amp;limit=N  {"data": {"orders": [...]}}  orders with id &gt; I
 * </pre>
 */
public final class ShopApiStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Recent event times, as a live shop has.
    private static final long START_MS = System.currentTimeMillis() / 60_000 * 60_000 - 3_600_000L;

    /** A fault for the next request(s). */
    public enum Fault { SERVER_ERROR, TOO_MANY_REQUESTS, SLOW, MALFORMED_JSON, TRUNCATED_JSON, UNAUTHORIZED }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<ObjectNode> orders = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> cursorPages = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String bearerToken;
    private volatile int retryAfterSeconds = 1;
    private volatile long slowMs = 3000;

    private final String idPrefix;

    private ShopApiStub(HttpServer server, ExecutorService executor, String idPrefix) {
        this.server = server;
        this.executor = executor;
        this.idPrefix = idPrefix;
    }

    static {
        // Without it the JDK server adds Nagle delays to small answers; it is read once per JVM, so set it before
        // the first server (the HTTP source's listener sets it too).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public static ShopApiStub start() {
        return start("o-");
    }

    /** A shop whose order ids start with {@code idPrefix}, e.g. eu- and us- for two shops in one test. */
    public static ShopApiStub start(String idPrefix) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(8);
            ShopApiStub stub = new ShopApiStub(server, executor, idPrefix);
            server.createContext("/orders", stub::handle);
            server.setExecutor(executor);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new ServerStartException("Shop API stub", 0, null, e.getMessage(), e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds {@code count} orders, numbered on from the ones there are; returns them. */
    public List<ObjectNode> addOrders(int count) {
        List<ObjectNode> added = new ArrayList<>();
        synchronized (orders) {
            for (int i = 0; i < count; i++) {
                int n = orders.size() + 1;
                ObjectNode order = JSON.createObjectNode()
                        .put("id", n)
                        .put("order_id", idPrefix + n)
                        .put("customer_id", "c-" + (n % 10))
                        .put("total_amount", 10 + (n % 90) + 0.5)
                        .put("currency", n % 3 == 0 ? "USD" : "EUR")
                        .put("order_ts", START_MS + n);
                orders.add(order);
                added.add(order);
            }
            cursorPages.clear();
        }
        return added;
    }

    /** Adds one order as given (e.g. one that breaks the schema). */
    public void addOrder(ObjectNode order) {
        synchronized (orders) {
            orders.add(order);
            cursorPages.clear();
        }
    }

    public List<ObjectNode> orders() {
        synchronized (orders) {
            return List.copyOf(orders);
        }
    }

    /** The next requests get these faults, one each, in order. */
    public synchronized void failNext(Fault... next) {
        faults.addAll(List.of(next));
    }

    public void retryAfterSeconds(int seconds) {
        this.retryAfterSeconds = seconds;
    }

    public void slowMs(long ms) {
        this.slowMs = ms;
    }

    /** Requires {@code Authorization: Bearer <token>}; null turns it off. */
    public void requireBearerToken(String token) {
        this.bearerToken = token;
    }

    /** Request URIs (path and query) in the order they came. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private synchronized Fault nextFault() {
        return faults.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(uri.toString());
            String token = bearerToken;
            if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"error\":\"missing or wrong bearer token\"}");
                return;
            }
            Fault fault = nextFault();
            if (fault == Fault.UNAUTHORIZED) {
                send(exchange, 401, "{\"error\":\"unauthorized\"}");
                return;
            }
            if (fault == Fault.SERVER_ERROR) {
                send(exchange, 503, "{\"error\":\"temporarily unavailable\"}");
                return;
            }
            if (fault == Fault.TOO_MANY_REQUESTS) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
                send(exchange, 429, "{\"error\":\"slow down\"}");
                return;
            }
            if (fault == Fault.SLOW) {
                sleep(slowMs);
            }
            String body = page(exchange, uri);
            if (body == null) {
                send(exchange, 404, "{\"error\":\"no such resource\"}");
            } else if (fault == Fault.MALFORMED_JSON) {
                send(exchange, 200, "{\"data\": {\"orders\": [oops");
            } else if (fault == Fault.TRUNCATED_JSON) {
                send(exchange, 200, body.substring(0, body.length() / 2));
            } else {
                send(exchange, 200, body);
            }
        }
    }

    private String page(HttpExchange exchange, URI uri) {
        Map<String, String> query = query(uri);
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        ObjectNode response = JSON.createObjectNode();
        switch (uri.getPath()) {
            case "/orders": {
                String cursor = query.get("cursor");
                int from = cursor == null ? 0 : Integer.parseInt(cursor.substring(1));
                // Answered from memory once serialized, as a real API's cache would: benchmarks then measure the
                // connector, not this stub's JSON writer. Adding orders clears it.
                return cursorPages.computeIfAbsent(from + ":" + limit, key -> {
                    List<ObjectNode> page = range(from, from + limit);
                    orders(response, page);
                    response.put("next_cursor", "c" + (from + page.size()));
                    return response.toString();
                });
            }
            case "/orders/pages": {
                int page = Integer.parseInt(query.getOrDefault("page", "1"));
                orders(response, range((page - 1) * limit, page * limit));
                response.put("page", page);
                return response.toString();
            }
            case "/orders/linked": {
                int from = Integer.parseInt(query.getOrDefault("offset", "0"));
                List<ObjectNode> page = range(from, from + limit);
                orders(response, page);
                if (from + page.size() < size()) {
                    exchange.getResponseHeaders().add("Link", "</orders/linked?offset=" + (from + page.size())
                            + "&limit=" + limit + ">; rel=\"next\"");
                }
                return response.toString();
            }
            case "/orders/since": {
                long since = Long.parseLong(query.getOrDefault("since_id", "0"));
                List<ObjectNode> newer = new ArrayList<>();
                synchronized (orders) {
                    for (ObjectNode order : orders) {
                        if (order.path("id").asLong() > since && newer.size() < limit) {
                            newer.add(order);
                        }
                    }
                }
                orders(response, newer);
                return response.toString();
            }
            default:
                return null;
        }
    }

    /** Orders [from, to) as they are now; copies only that range. */
    private List<ObjectNode> range(int from, int to) {
        synchronized (orders) {
            int end = Math.min(orders.size(), to);
            return new ArrayList<>(orders.subList(Math.min(from, end), end));
        }
    }

    private int size() {
        return orders.size();
    }

    private static void orders(ObjectNode response, List<ObjectNode> orders) {
        ArrayNode array = response.putObject("data").putArray("orders");
        orders.forEach(array::add);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
