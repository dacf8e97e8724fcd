package io.rivulet.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sends clicks to the HTTP source's listener as browsers' beacons do: batches (JSON arrays) POSTed in order by one
 * thread, a batch retried after a 503 or a connection error until it is acknowledged with 202, so no click is lost
 * and the order of the topic stays the order of the clicks.
 */
final class ClickPoster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClickPoster.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH = 500;

    private final URI listener;
    /** "Bearer <token>", or null when the listener takes requests without one. */
    private final String authorization;
    private final HttpClient http;
    private final LinkedBlockingQueue<ObjectNode> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong acknowledged = new AtomicLong();
    /** Event ids of acknowledged clicks, for tests that count every record by id. */
    private final Set<String> acknowledgedIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong acknowledgedRequests = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean running = true;
    private volatile String lastProblem = "";

    /** Posts to {@code listenerUrl} with {@code token} (empty: none), trusting {@code tls} (null: the JDK's). */
    ClickPoster(String listenerUrl, String token, SSLContext tls) {
        this.listener = URI.create(listenerUrl);
        this.authorization = token.isEmpty() ? null : "Bearer " + token;
        // HTTP/1.1 as browsers' beacons to a plain-http endpoint; the JDK client would otherwise try an h2c upgrade.
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            client.sslContext(tls);
        }
        this.http = client.build();
        thread = new Thread(this::run, "click-poster");
        thread.setDaemon(true);
        thread.start();
    }

    void send(ObjectNode click) {
        queue.add(click);
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** Requests the listener answered 202. */
    long acknowledgedRequests() {
        return acknowledgedRequests.get();
    }

    Set<String> acknowledgedIds() {
        return Set.copyOf(acknowledgedIds);
    }

    long retries() {
        return retries.get();
    }

    /** Clicks the listener answered 400 for: never expected, as even invalid clicks are accepted and routed. */
    long refused() {
        return refused.get();
    }

    int pending() {
        return queue.size();
    }

    String lastProblem() {
        return lastProblem;
    }

    private void run() {
        List<ObjectNode> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                ObjectNode first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                post(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                lastProblem = "posting clicks failed: " + e;
                log.error("Posting clicks failed; the batch is dropped and counted as refused", e);
                refused.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    private void post(List<ObjectNode> batch) throws InterruptedException {
        ArrayNode array = JSON.createArrayNode();
        batch.forEach(array::add);
        String body = array.toString();
        long backoff = 100;
        while (true) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(listener).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    acknowledgedRequests.incrementAndGet();
                    acknowledged.addAndGet(batch.size());
                    for (ObjectNode click : batch) {
                        if (click.path("event_id").isTextual()) {
                            acknowledgedIds.add(click.path("event_id").asText());
                        }
                    }
                    return;
                }
                if (response.statusCode() == 400 || response.statusCode() == 413) {
                    refused.addAndGet(batch.size());
                    lastProblem = "listener answered " + response.statusCode() + ": " + response.body();
                    log.error("The listener refused a batch of {} clicks: {}", batch.size(), lastProblem);
                    return;
                }
                lastProblem = "listener answered " + response.statusCode();
            } catch (IOException e) {
                lastProblem = "listener at " + listener + " not reachable: " + e.getMessage();
            }
            retries.incrementAndGet();
            Thread.sleep(backoff);
            backoff = Math.min(2_000, backoff * 2);
        }
    }

    /** Waits until every queued click is acknowledged, at most {@code timeout}; true if all were. */
    boolean drain(Duration timeout) throws InterruptedException {
        running = false;
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive() && queue.isEmpty();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
