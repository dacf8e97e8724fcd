package io.rivulet.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running shop: its orders API, its browsers posting clicks, and the ground truth of what it sent. Traffic runs on
 * its own thread at the configured rate; with a duration it ends with window + grace + 2 s more traffic and a sweep
 * of every user, so every window that ended before that tail closes in the aggregator.
 */
public final class Simulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Simulator.class);
    private static final long TICK_MS = 10;

    private final SimulatorOptions options;
    private final Traffic traffic;
    private final GroundTruth truth;
    private final ShopOrdersApi orders;
    private final ClickPoster clicks;
    private final Thread thread;
    private final CountDownLatch generated = new CountDownLatch(1);
    private final AtomicLong sentOrders = new AtomicLong();
    private final AtomicLong sentClicks = new AtomicLong();
    private final AtomicLong sentEvents = new AtomicLong();
    private volatile boolean running = true;
    /** When the traffic ends (then a tail that closes the last windows); 0 until the thread has started. */
    private volatile long endsAt;

    private Simulator(SimulatorOptions options) throws IOException {
        this.options = options;
        Random random = new Random(options.seed());
        Users users = new Users(options.users(), random);
        this.traffic = new Traffic(options, users, random);
        this.truth = new GroundTruth(options.window().toMillis(), options.grace().toMillis());
        if (!options.redisUri().isEmpty()) {
            try {
                users.writeTo(options.redisUri());
            } catch (redis.clients.jedis.exceptions.JedisException e) {
                throw new IllegalStateException("Cannot write the user profiles to Redis at " + options.redisUri()
                        + " (--redis-uri): " + e.getMessage(), e);
            }
        }
        this.orders = ShopOrdersApi.start(options.ordersPort(), options.ordersToken());
        this.clicks = new ClickPoster(options.listenerUrl(), options.listenerToken(), ListenerTrust.of(options));
        this.thread = new Thread(this::run, "shop-traffic");
    }

    /** Writes the user profiles to Redis, opens the orders API and starts the traffic. */
    public static Simulator start(SimulatorOptions options) {
        try {
            Simulator simulator = new Simulator(options);
            simulator.thread.start();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the orders API on port " + options.ordersPort(), e);
        }
    }

    private void run() {
        long started = System.currentTimeMillis();
        long durationMs = options.duration().toMillis();
        long tailMs = options.window().toMillis() + options.grace().toMillis() + 2_000;
        long planned = 0;
        boolean endless = durationMs == 0;
        endsAt = started + durationMs;
        boolean swept = false;
        long lastTruth = started;
        try {
            while (running) {
                long now = System.currentTimeMillis();
                long tailStart = endsAt;
                if (endless || now < tailStart + tailMs) {
                    while (planned < options.rate() * (now - started) / 1000) {
                        planned += traffic.planSession(now);
                    }
                } else if (!swept) {
                    truth.closesWindowsEndingBy(tailStart);
                    traffic.planSweep(now);
                    swept = true;
                }
                for (ShopEvent event : traffic.due(now)) {
                    emit(event);
                }
                if (swept && traffic.isEmpty()) {
                    break;
                }
                if (now - lastTruth >= 5_000) {
                    if (endless) {
                        truth.closesWindowsEndingBy(now - options.grace().toMillis() - 2_000);
                    }
                    writeTruth();
                    lastTruth = now;
                }
                Thread.sleep(TICK_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writeTruth();
            generated.countDown();
        }
    }

    private void emit(ShopEvent event) {
        boolean order = event.isOrder();
        switch (event.truth()) {
            case INVALID:
                truth.outside(GroundTruth.Outside.INVALID, order);
                break;
            case LATE:
                truth.outside(GroundTruth.Outside.LATE, order);
                break;
            default:
                if (event.copy()) {
                    truth.outside(GroundTruth.Outside.DUPLICATE, order);
                }
                if (order) {
                    truth.order(event.json().path("order_id").asText(), event.json().path("currency").asText(),
                            event.amount(), event.time());
                } else {
                    int user = Integer.parseInt(event.json().path("user_id").asText().substring(2));
                    truth.click(event.json().path("user_id").asText(), traffic.users().enrichedSegment(user),
                            event.json().path("action").asText(), event.time());
                }
        }
        if (order) {
            orders.add(event.json());
            sentOrders.incrementAndGet();
        } else {
            clicks.send(event.json());
            sentClicks.incrementAndGet();
        }
        sentEvents.incrementAndGet();
    }

    private void writeTruth() {
        try {
            truth.write(options.truthFile(), options.seed());
        } catch (IOException e) {
            log.warn("Cannot write the ground truth to {}: {}", options.truthFile(), e.getMessage());
        }
    }

    /**
     * Ends the traffic now instead of after the planned duration (a test whose steps took less or more time than
     * it planned for); the tail that closes the last windows follows as usual. Only with a duration.
     */
    public void endTrafficNow() {
        if (options.duration().isZero()) {
            throw new IllegalStateException("endless traffic has no end to bring forward");
        }
        long now = System.currentTimeMillis();
        while (endsAt == 0) {
            Thread.onSpinWait(); // the traffic thread has not started yet
        }
        endsAt = Math.min(endsAt, now);
    }

    /** Waits for the traffic to end (only with a duration); true if it did. */
    public boolean awaitGenerated(Duration timeout) throws InterruptedException {
        return generated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the pipeline has every click (acknowledged) and has fetched every order; true if it has. */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!awaitGenerated(timeout)) {
            return false;
        }
        if (!clicks.drain(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
            return false;
        }
        while (orders.served() < orders.size()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** The click requests (batches) the listener acknowledged with 202. */
    public long acknowledgedClickRequests() {
        return clicks.acknowledgedRequests();
    }

    /** The event ids of every click the listener acknowledged (202), each once. */
    public Set<String> acknowledgedClickIds() {
        return clicks.acknowledgedIds();
    }

    public int ordersPort() {
        return orders.port();
    }

    public Path truthFile() {
        return options.truthFile();
    }

    /** Counts so far, for progress lines. */
    public Stats stats() {
        return new Stats(sentEvents.get(), sentOrders.get(), sentClicks.get(), truth.invalidCount(), truth.lateCount(),
                clicks.acknowledged(), clicks.retries(), orders.served(), truth.closedWindows(), clicks.lastProblem());
    }

    /** Events sent so far and what became of them. */
    public record Stats(long events, long orders, long clicks, long invalid, long late, long clicksAcknowledged,
                        long clickRetries, long ordersFetched, long closedWindows, String lastProblem) {
        @Override
        public String toString() {
            return String.format("%,d events (%,d orders, %,d clicks; %,d invalid, %,d late) | clicks acknowledged "
                    + "%,d, orders fetched %,d", events, orders, clicks, invalid, late, clicksAcknowledged,
                    ordersFetched);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clicks.close();
        orders.close();
    }
}
