package io.rivulet.connect.http.listen;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.rivulet.common.JsonReplies;

/**
 * The HTTP(S) server of a listening task. {@code POST <path>} takes one JSON object or an array; the answer is 202
 * once every event is written to Kafka, 400 for malformed JSON, 401 for a missing or wrong token, 413 for a body over
 * the limit, 503 with Retry-After when the queue is full or the write was not confirmed in time.
 */
public final class EventListener {
    private static final Logger log = LoggerFactory.getLogger(EventListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server leaves Nagle's algorithm on unless told otherwise (read once, when its first server
        // starts); with delayed ACKs that adds about 40 ms to a 202. Connect's own REST server is Jetty, so this
        // only concerns listeners like ours.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** What the listener needs to know; secrets included, never logged. */
    public record Settings(String bind, int port, String path, String token, int maxBodyBytes, int queueSize,
                    long ackTimeoutMs, int threads, String eventIdField, String timestampField, String keystore,
                    String keystoreType, String keystorePassword, String keyPassword) {
    }

    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService executor;
    private final LinkedBlockingQueue<ReceivedEvent> queue = new LinkedBlockingQueue<>();
    private final Semaphore capacity;
    private volatile boolean accepting = true;

    private EventListener(Settings settings, HttpServer server, ExecutorService executor) {
        this.settings = settings;
        this.server = server;
        this.executor = executor;
        this.capacity = new Semaphore(settings.queueSize());
    }

    static EventListener start(Settings settings) throws IOException, GeneralSecurityException {
        InetSocketAddress address = new InetSocketAddress(settings.bind(), settings.port());
        HttpServer server;
        if (settings.keystore().isEmpty()) {
            server = HttpServer.create(address, 1024);
        } else {
            HttpsServer https = HttpsServer.create(address, 1024);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext(settings)));
            server = https;
        }
        ExecutorService executor = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread thread = new Thread(r, "rivulet-listener-" + settings.port());
            thread.setDaemon(true);
            return thread;
        });
        EventListener listener = new EventListener(settings, server, executor);
        server.createContext("/", listener::handle);
        server.setExecutor(executor);
        server.start();
        log.info("Listening for events on {}://{}:{}{}", settings.keystore().isEmpty() ? "http" : "https",
                settings.bind(), settings.port(), settings.path());
        return listener;
    }

    private static SSLContext sslContext(Settings settings) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance(settings.keystoreType());
        try (InputStream in = Files.newInputStream(Paths.get(settings.keystore()))) {
            keyStore.load(in, settings.keystorePassword().toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        String keyPassword = settings.keyPassword().isEmpty() ? settings.keystorePassword() : settings.keyPassword();
        keys.init(keyStore, keyPassword.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** Takes up to {@code max} waiting events, waiting up to {@code waitMs} for the first. */
    List<ReceivedEvent> take(int max, long waitMs) throws InterruptedException {
        List<ReceivedEvent> events = new ArrayList<>();
        ReceivedEvent first = queue.poll(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
            return events;
        }
        events.add(first);
        queue.drainTo(events, max - 1);
        capacity.release(events.size());
        return events;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!settings.path().equals(exchange.getRequestURI().getPath())) {
                reply(exchange, 404, "{\"error\":\"POST events to " + settings.path() + "\"}");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                reply(exchange, 405, "{\"error\":\"only POST\"}");
                return;
            }
            if (!settings.token().isEmpty()
                    && !("Bearer " + settings.token()).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, "{\"error\":\"missing or wrong bearer token\"}");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(settings.maxBodyBytes() + 1);
            }
            if (body.length > settings.maxBodyBytes()) {
                reply(exchange, 413, "{\"error\":\"body larger than " + settings.maxBodyBytes() + " bytes\"}");
                return;
            }
            List<JsonNode> events;
            try {
                events = events(JSON.readTree(body));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String message = e instanceof JsonProcessingException
                        ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
                reply(exchange, 400, JSON.createObjectNode().put("error", "malformed JSON: " + message).toString());
                return;
            }
            if (!accepting) {
                retryLater(exchange, "the task is stopping");
                return;
            }
            if (!capacity.tryAcquire(events.size())) {
                retryLater(exchange, "the queue is full");
                return;
            }
            PendingRequest request = new PendingRequest(events.size());
            Headers headers = tracingHeaders(exchange);
            long now = System.currentTimeMillis();
            for (JsonNode event : events) {
                queue.add(new ReceivedEvent(fill(event, now), headers, now, request));
            }
            boolean done = request.await(settings.ackTimeoutMs());
            if (!done || request.failure() != null) {
                retryLater(exchange, done ? request.failure() : "the write was not confirmed in "
                        + settings.ackTimeoutMs() + " ms");
                return;
            }
            reply(exchange, 202, JSON.createObjectNode().put("accepted", events.size())
                    .put("invalid", request.invalid()).toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<JsonNode> events(JsonNode body) {
        List<JsonNode> events = new ArrayList<>();
        if (body == null || body.isMissingNode()) {
            throw new IllegalArgumentException("the body is empty");
        }
        if (body.isObject()) {
            events.add(body);
        } else if (body.isArray() && body.size() > 0) {
            for (JsonNode event : body) {
                if (!event.isObject()) {
                    throw new IllegalArgumentException("every event in the array must be a JSON object");
                }
                events.add(event);
            }
        } else {
            throw new IllegalArgumentException("expected a JSON object or a non-empty array of objects");
        }
        return events;
    }

    /** Adds an event id and a receive time where the event has none, as the article's endpoint does. */
    private JsonNode fill(JsonNode event, long now) {
        ObjectNode object = (ObjectNode) event;
        if (!settings.eventIdField().isEmpty() && !object.hasNonNull(settings.eventIdField())) {
            object.put(settings.eventIdField(), UUID.randomUUID().toString());
        }
        if (!settings.timestampField().isEmpty() && !object.hasNonNull(settings.timestampField())) {
            object.put(settings.timestampField(), now);
        }
        return object;
    }

    private static Headers tracingHeaders(HttpExchange exchange) {
        Headers headers = new ConnectHeaders();
        String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
        if (traceparent != null) {
            headers.addString("traceparent", traceparent);
        }
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (requestId != null) {
            headers.addString("rivulet.request.id", requestId);
        }
        return headers;
    }

    private static void retryLater(HttpExchange exchange, String reason) throws IOException {
        exchange.getResponseHeaders().add("Retry-After", "1");
        reply(exchange, 503, JSON.createObjectNode().put("error", reason + "; retry").toString());
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        JsonReplies.send(exchange, status, body);
    }

    /** Stops taking requests, fails those still waiting (their clients retry), and closes the port. */
    void stop() {
        accepting = false;
        List<ReceivedEvent> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(event -> event.request().fail("the task stopped before the events were written"));
        server.stop(0);
        executor.shutdownNow();
    }
}
