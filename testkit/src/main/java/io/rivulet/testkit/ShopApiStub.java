package io.rivulet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.simulator.ShopOrdersApi.Reply;
import io.rivulet.simulator.ShopOrdersApi;

/**
 * The shop's orders API ({@link ShopOrdersApi}, the simulator's) on loopback with faults on demand in front of it:
 * 5xx, 429 with Retry-After, slow answers, malformed or truncated JSON, a lost authorisation; and a log of every
 * request. See {@link ShopOrdersApi} for the paths and their pagination.
 */
public final class ShopApiStub implements AutoCloseable {
    /** A fault for the next request(s). */
    public enum Fault {
        SERVER_ERROR, TOO_MANY_REQUESTS, SLOW, MALFORMED_JSON, TRUNCATED_JSON, UNAUTHORIZED,
        /** The page as asked for, with a next cursor that points back to the page before it. */
        CURSOR_BACK,
        /** The page as asked for, with the requested cursor as the next one. */
        CURSOR_SAME
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ShopOrdersApi api;
    private final String idPrefix;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int retryAfterSeconds = 1;
    private volatile long slowMs = 3000;

    private ShopApiStub(String idPrefix) throws IOException {
        this.idPrefix = idPrefix;
        this.api = ShopOrdersApi.onLoopback(this::reply);
    }

    public static ShopApiStub start() {
        return start("o-");
    }

    /** A shop whose order ids start with {@code idPrefix}, e.g. eu- and us- for two shops in one test. */
    public static ShopApiStub start(String idPrefix) {
        try {
            return new ShopApiStub(idPrefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the shop API stub", e);
        }
    }

    public URI url() {
        return api.url();
    }

    /** Adds {@code count} sample orders, numbered on from the ones there are; returns them. */
    public List<ObjectNode> addOrders(int count) {
        List<ObjectNode> added = new ArrayList<>();
        synchronized (api) {
            for (int i = 0; i < count; i++) {
                ObjectNode order = ShopOrdersApi.sampleOrder(api.size() + 1, idPrefix);
                api.add(order);
                added.add(order);
            }
        }
        return added;
    }

    /** Adds one order as given (e.g. one that breaks the schema). */
    public void addOrder(ObjectNode order) {
        api.add(order);
    }

    public List<ObjectNode> orders() {
        return api.orders();
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

    /** Which validators (ETag, Last-Modified) answers carry; both by default. */
    public void validators(boolean etags, boolean lastModified) {
        api.validators(etags, lastModified);
    }

    /** The API behind OAuth 2.0 client credentials: see {@link ShopOrdersApi#requireOAuth2}. */
    public void requireOAuth2(String clientId, String clientSecret, int expiresInSeconds) {
        api.requireOAuth2(clientId, clientSecret, expiresInSeconds);
    }

    public int tokensIssued() {
        return api.tokensIssued();
    }

    public int tokensRefused() {
        return api.tokensRefused();
    }

    public void revokeTokens() {
        api.revokeTokens();
    }

    /** How many requests got 304 Not Modified. */
    public int notModifiedAnswers() {
        return api.notModifiedAnswers();
    }

    /** Requires {@code Authorization: Bearer <token>}; null turns it off. */
    public void requireBearerToken(String token) {
        api.requireBearerToken(token);
    }

    /** Request URIs (path and query) in the order they came, those turned away for their token excepted. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private synchronized Fault nextFault() {
        return faults.poll();
    }

    private Reply reply(URI request, Supplier<Reply> api) {
        requests.add(request.toString());
        Fault fault = nextFault();
        if (fault == null) {
            return api.get();
        }
        return switch (fault) {
            case UNAUTHORIZED -> Reply.error(401, "unauthorized");
            case SERVER_ERROR -> Reply.error(503, "temporarily unavailable");
            case TOO_MANY_REQUESTS -> new Reply(429, Map.of("Retry-After", Integer.toString(retryAfterSeconds)),
                    "{\"error\":\"slow down\"}");
            case SLOW -> {
                sleep(slowMs);
                yield api.get();
            }
            case MALFORMED_JSON -> Reply.json(200, "{\"data\": {\"orders\": [oops");
            case TRUNCATED_JSON -> {
                Reply whole = api.get();
                yield Reply.json(whole.status(), whole.body().substring(0, whole.body().length() / 2));
            }
            case CURSOR_BACK -> withNextCursor(api.get(), "c" + Math.max(0, Integer.parseInt(queryValue(request,
                    "cursor", "c0").substring(1)) - Integer.parseInt(queryValue(request, "limit", "100"))));
            case CURSOR_SAME -> withNextCursor(api.get(), queryValue(request, "cursor", "c0"));
        };
    }

    private static Reply withNextCursor(Reply reply, String cursor) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(reply.body());
            body.put("next_cursor", cursor);
            return new Reply(reply.status(), reply.headers(), body.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String queryValue(URI request, String name, String otherwise) {
        String query = request.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return otherwise;
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
        api.close();
    }
}
