package io.rivulet.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;


/**
 * A shop's orders REST API: the orders in the order they were placed, behind an optional bearer token, read with any
 * of the pagination styles the HTTP pull connector supports. The simulator serves its orders with it; tests put
 * faults in front of it through an {@link Interceptor}.
 *
 * <pre>
 * GET /orders?cursor=c&lt;n&gt;&amp;limit=N   {"data": {"orders": [...]}, "next_cursor": "c&lt;m&gt;"} (at the end the same cursor)
 * GET /orders/pages?page=P&amp;limit=N     {"data": {"orders": [...]}, "page": P}                    (pages from 1)
 * GET /orders/linked?offset=O&amp;limit=N  {"data": {"orders": [...]}} and Link: &lt;...&gt;; rel="next" while more exist
 * GET /orders/since?since_id=I&amp;limit=N {"data": {"orders": [...]}}  orders whose "id" is greater than I
 * GET /orders/from?from_ts=T&amp;limit=N   {"data": {"orders": [...]}}  orders whose "order_ts" is T or later (the
 *                                      order they were placed in, which tests keep in order_ts order)
 * GET /health                          {"status": "UP"}
 * </pre>
 * Limits above {@value #MAX_LIMIT} are cut to it, as real APIs cap their pages; a bad number is a 400. Answers carry
 * an {@code ETag} (of the body) and a {@code Last-Modified} (one second per change of the orders, so that no two
 * versions share one), and a request whose {@code If-None-Match} or {@code If-Modified-Since} still holds gets 304
 * without a body; either can be turned off.
 */
public final class ShopOrdersApi implements AutoCloseable {
    static final int MAX_LIMIT = 5000;
    private static final int DEFAULT_LIMIT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    // Recent event times, as a live shop has.
    private static final long SAMPLE_START_MS = System.currentTimeMillis() / 60_000 * 60_000 - 3_600_000L;

    /** One answer: status, extra headers and a JSON body. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of(), body);
        }

        public static Reply error(int status, String message) {
            return json(status, JSON.createObjectNode().put("error", message).toString());
        }
    }

    /** Stands in front of the API for every authorised request: returns the API's reply or one of its own. */
    @FunctionalInterface
    public interface Interceptor {
        Interceptor NONE = (request, api) -> api.get();

        Reply reply(URI request, Supplier<Reply> api);
    }

    private final HttpServer server;
    /** Named, so a bench can tell the shop's threads from a worker's. */
    private final ExecutorService executor = Executors.newFixedThreadPool(8, task -> new Thread(task, "shop-api"));
    private final Interceptor interceptor;
    private final List<ObjectNode> orders = new ArrayList<>();
    /** Full cursor pages once written: orders only grow, so a full page never changes (benchmarks read them). */
    private final Map<String, String> fullPages = new ConcurrentHashMap<>();
    /** The highest position any request has read up to: how many orders the pipeline has fetched. */
    private final AtomicInteger served = new AtomicInteger();
    private volatile String token;
    /** Changes of the orders so far: the Last-Modified second is the epoch's plus this. */
    private final AtomicInteger version = new AtomicInteger();
    private final AtomicInteger notModifiedAnswers = new AtomicInteger();
    /** OAuth 2.0 client credentials, when required: tokens issued and when each expires. */
    private volatile OAuth2 oauth2;
    private volatile boolean etags = true;
    private volatile boolean lastModified = true;

    static {
        // Without it the JDK server adds Nagle delays to small answers; it is read once per JVM, so it is set before
        // the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private ShopOrdersApi(InetSocketAddress address, String token, Interceptor interceptor) throws IOException {
        this.token = token == null ? "" : token;
        this.interceptor = interceptor;
        server = HttpServer.create(address, 64);
        server.createContext("/orders", this::handle);
        server.createContext("/oauth/token", this::issueToken);
        server.createContext("/health", exchange -> {
            try (exchange) {
                JsonReplies.send(exchange, 200, "{\"status\":\"UP\"}");
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Serves on {@code port} (0 for any) of every interface, as a shop the Connect workers reach. */
    public static ShopOrdersApi start(int port, String token) throws IOException {
        return new ShopOrdersApi(new InetSocketAddress(port), token, Interceptor.NONE);
    }

    /** Serves on a free loopback port with no token, every request passing through {@code interceptor}. */
    public static ShopOrdersApi onLoopback(Interceptor interceptor) throws IOException {
        return new ShopOrdersApi(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "", interceptor);
    }

    /** Sample order number {@code n}: id n, order id {@code idPrefix + n}, ten customers, EUR and USD. */
    public static ObjectNode sampleOrder(int n, String idPrefix) {
        return JSON.createObjectNode()
                .put("id", n)
                .put("order_id", idPrefix + n)
                .put("customer_id", "c-" + (n % 10))
                .put("total_amount", 10 + (n % 90) + 0.5)
                .put("currency", n % 3 == 0 ? "USD" : "EUR")
                .put("order_ts", SAMPLE_START_MS + n);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Requires {@code Authorization: Bearer <token>}; empty or null turns it off. */
    public void requireBearerToken(String token) {
        this.token = token == null ? "" : token;
    }

    public synchronized void add(ObjectNode order) {
        orders.add(order);
        version.incrementAndGet();
    }

    /**
     * Requires OAuth 2.0 client credentials from now on: {@code POST /oauth/token} (the client in a Basic header or
     * the form) issues tokens valid for {@code expiresInSeconds}, and the orders need a valid one.
     */
    public void requireOAuth2(String clientId, String clientSecret, int expiresInSeconds) {
        oauth2 = new OAuth2(clientId, clientSecret, expiresInSeconds);
    }

    /** Tokens issued so far (0 without OAuth2). */
    public int tokensIssued() {
        OAuth2 clients = oauth2;
        return clients == null ? 0 : clients.issued.get();
    }

    /** Requests refused for an expired, revoked or unknown token. */
    public int tokensRefused() {
        OAuth2 clients = oauth2;
        return clients == null ? 0 : clients.refused.get();
    }

    /** Every token issued so far stops working, as when a provider rotates its keys. */
    public void revokeTokens() {
        OAuth2 clients = oauth2;
        if (clients != null) {
            clients.expiries.clear();
        }
    }

    private static final class OAuth2 {
        final String clientId;
        final String clientSecret;
        final int expiresInSeconds;
        final Map<String, Long> expiries = new ConcurrentHashMap<>();
        final AtomicInteger issued = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        OAuth2(String clientId, String clientSecret, int expiresInSeconds) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.expiresInSeconds = expiresInSeconds;
        }

        boolean accepts(String authorization) {
            Long expiry = authorization == null || !authorization.startsWith("Bearer ") ? null
                    : expiries.get(authorization.substring(7));
            if (expiry != null && expiry > System.currentTimeMillis()) {
                return true;
            }
            refused.incrementAndGet();
            return false;
        }
    }

    private void issueToken(HttpExchange exchange) throws IOException {
        try (exchange) {
            OAuth2 clients = oauth2;
            if (clients == null) {
                JsonReplies.send(exchange, 404, "{\"error\":\"no OAuth2 here\"}");
                return;
            }
            Map<String, String> form = formOf(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String id = form.get("client_id");
            String secret = form.get("client_secret");
            String basic = exchange.getRequestHeaders().getFirst("Authorization");
            if (basic != null && basic.startsWith("Basic ")) {
                String[] pair = new String(java.util.Base64.getDecoder().decode(basic.substring(6)),
                        StandardCharsets.UTF_8).split(":", 2);
                id = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
                secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "";
            }
            if (!"client_credentials".equals(form.get("grant_type"))) {
                JsonReplies.send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            } else if (!clients.clientId.equals(id) || !clients.clientSecret.equals(secret)) {
                JsonReplies.send(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":"
                        + "\"unknown client or wrong secret\"}");
            } else {
                String token = "at-" + clients.issued.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
                clients.expiries.put(token, System.currentTimeMillis() + clients.expiresInSeconds * 1000L);
                JsonReplies.send(exchange, 200, JSON.createObjectNode().put("access_token", token)
                        .put("token_type", "Bearer").put("expires_in", clients.expiresInSeconds).toString());
            }
        }
    }

    private static Map<String, String> formOf(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return form;
    }

    /** Which validators answers carry and conditional requests are checked against. */
    public void validators(boolean etags, boolean lastModified) {
        this.etags = etags;
        this.lastModified = lastModified;
    }

    public synchronized List<ObjectNode> orders() {
        return List.copyOf(orders);
    }

    public synchronized int size() {
        return orders.size();
    }

    /** How many requests got 304 Not Modified. */
    public int notModifiedAnswers() {
        return notModifiedAnswers.get();
    }

    public int served() {
        return served.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String required = token;
            Reply reply;
            OAuth2 clients = oauth2;
            if (clients != null && !clients.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply = new Reply(401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""),
                        "{\"error\":\"invalid_token\"}");
            } else if (!required.isEmpty() && !("Bearer " + required).equals(
                    exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply = Reply.error(401, "missing or wrong bearer token");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                reply = Reply.error(405, "GET only");
            } else {
                URI uri = exchange.getRequestURI();
                reply = interceptor.reply(uri, () -> answer(uri));
            }
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            if (reply.status() == 200 && notModified(exchange, reply)) {
                notModifiedAnswers.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            JsonReplies.send(exchange, reply.status(), reply.body());
        }
    }

    /** Adds the validators of {@code reply}; true when the request's conditions say the client has it already. */
    private boolean notModified(HttpExchange exchange, Reply reply) {
        String etag = "\"" + Integer.toHexString(reply.body().hashCode()) + "-" + reply.body().length() + "\"";
        java.time.ZonedDateTime modified = java.time.Instant.ofEpochSecond(1_600_000_000L + version.get())
                .atZone(java.time.ZoneOffset.UTC);
        if (etags) {
            exchange.getResponseHeaders().set("ETag", etag);
        }
        if (lastModified) {
            exchange.getResponseHeaders().set("Last-Modified",
                    java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(modified));
        }
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        if (ifNoneMatch != null) { // it takes precedence over If-Modified-Since (RFC 9110)
            return etags && ifNoneMatch.equals(etag);
        }
        String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
        if (ifModifiedSince != null && lastModified) {
            try {
                return !modified.isAfter(java.time.ZonedDateTime.parse(ifModifiedSince,
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (java.time.format.DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    private Reply answer(URI uri) {
        Map<String, String> query = query(uri);
        try {
            int limit = Math.min(MAX_LIMIT, number(query, "limit", DEFAULT_LIMIT));
            if (limit <= 0) {
                throw new NumberFormatException();
            }
            return switch (uri.getPath()) {
                case "/orders" -> byCursor(number(query, "cursor", 0), limit);
                case "/orders/pages" -> byPage(Math.max(1, number(query, "page", 1)), limit);
                case "/orders/linked" -> linked(number(query, "offset", 0), limit);
                case "/orders/since" -> since("id", Long.parseLong(query.getOrDefault("since_id", "0")) + 1, limit);
                case "/orders/from" -> since("order_ts", Long.parseLong(query.getOrDefault("from_ts", "0")), limit);
                default -> Reply.error(404, "no such resource");
            };
        } catch (NumberFormatException e) {
            return Reply.error(400, "cursor, page, offset, since_id, from_ts and limit must be non-negative numbers "
                    + "(a cursor as c<n>)");
        }
    }

    private Reply byCursor(int from, int limit) {
        String cached = fullPages.get(from + ":" + limit);
        if (cached != null) {
            served.accumulateAndGet(from + limit, Math::max);
            return Reply.json(200, cached);
        }
        List<ObjectNode> page = range(from, from + limit);
        ObjectNode body = body(page);
        body.put("next_cursor", "c" + (from + page.size()));
        String json = body.toString();
        if (page.size() == limit) {
            fullPages.put(from + ":" + limit, json);
        }
        return Reply.json(200, json);
    }

    private Reply byPage(int page, int limit) {
        ObjectNode body = body(range((page - 1) * limit, page * limit));
        body.put("page", page);
        return Reply.json(200, body.toString());
    }

    private Reply linked(int from, int limit) {
        List<ObjectNode> page = range(from, from + limit);
        Map<String, String> headers = from + page.size() < size()
                ? Map.of("Link", "</orders/linked?offset=" + (from + page.size()) + "&limit=" + limit + ">; rel=\"next\"")
                : Map.of();
        return new Reply(200, headers, body(page).toString());
    }

    /** Orders whose {@code field} is at least {@code from}. */
    private Reply since(String field, long from, int limit) {
        List<ObjectNode> newer = new ArrayList<>();
        int last = 0;
        synchronized (this) {
            for (int i = 0; i < orders.size() && newer.size() < limit; i++) {
                if (orders.get(i).path(field).asLong() >= from) {
                    newer.add(orders.get(i));
                    last = i + 1;
                }
            }
        }
        served.accumulateAndGet(last, Math::max);
        return Reply.json(200, body(newer).toString());
    }

    /** Orders [from, to) as they are now; copies only that range and records how far the pipeline has read. */
    private List<ObjectNode> range(int from, int to) {
        List<ObjectNode> page;
        synchronized (this) {
            int end = Math.min(orders.size(), to);
            page = new ArrayList<>(orders.subList(Math.min(from, end), end));
        }
        served.accumulateAndGet(from + page.size(), Math::max);
        return page;
    }

    private static ObjectNode body(List<ObjectNode> orders) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putObject("data").putArray("orders");
        orders.forEach(array::add);
        return body;
    }

    /** A non-negative number from the query; cursors are written c&lt;n&gt;. */
    private static int number(Map<String, String> query, String name, int otherwise) {
        String value = query.get(name);
        if (value == null) {
            return otherwise;
        }
        int number = Integer.parseInt(value.startsWith("c") ? value.substring(1) : value);
        if (number < 0) {
            throw new NumberFormatException(name);
        }
        return number;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
