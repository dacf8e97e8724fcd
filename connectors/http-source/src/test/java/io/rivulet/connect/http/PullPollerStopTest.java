package io.rivulet.connect.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.rivulet.connect.http.pull.PullPoller;
import io.rivulet.testkit.ShopApiStub;

/**
 * A stopped pull task stops: whatever it is waiting for (a retry backoff, a Retry-After, the rate limit, the poll
 * interval, a slow answer), poll() hands the thread back within a fraction of a second, so that Connect can call
 * stop() on it as it does since Kafka 3.0, and the shop gets no request once stop() returned.
 */
class PullPollerStopTest {
    /** Every wait below is a minute or more: a task that stops within this did not sit it out. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    /** What the task is waiting for when it is stopped. */
    enum Wait {
        RETRY_BACKOFF(0, shop -> shop.failNext(ShopApiStub.Fault.SERVER_ERROR), Map.of("http.retry.backoff.ms",
                "60000", "http.retry.backoff.max.ms", "60000")),
        RETRY_AFTER(0, shop -> {
            shop.retryAfterSeconds(120);
            shop.failNext(ShopApiStub.Fault.TOO_MANY_REQUESTS);
        }, Map.of()),
        /** The first request goes at once, the next one a hundred seconds later. */
        RATE_LIMIT(1, shop -> { }, Map.of("http.rate.limit.rps", "0.01")),
        /** Three pages of two, one and the caught-up answer: then two minutes until the next look. */
        POLL_INTERVAL(3, shop -> { }, Map.of("poll.interval.ms", "120000")),
        SLOW_ANSWER(0, shop -> {
            shop.slowMs(120_000);
            shop.failNext(ShopApiStub.Fault.SLOW);
        }, Map.of("http.timeout.ms", "300000"));

        final int pollsBefore;
        final Consumer<ShopApiStub> fault;
        final Map<String, String> settings;

        Wait(int pollsBefore, Consumer<ShopApiStub> fault, Map<String, String> settings) {
            this.pollsBefore = pollsBefore;
            this.fault = fault;
            this.settings = settings;
        }
    }

    private ShopApiStub shop;

    @BeforeEach
    void start() {
        shop = ShopApiStub.start();
        shop.addOrders(5);
    }

    @AfterEach
    void close() {
        shop.close();
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void pollReturnsPromptlyOnStopAndNoRequestFollows(Wait wait) throws Exception {
        PullPoller poller = TestPullPollers.start(shop, wait.settings);
        for (int i = 0; i < wait.pollsBefore; i++) {
            List<SourceRecord> page = null;
            for (int polls = 0; page == null && polls < 40; polls++) {
                page = poller.poll(); // null while the request is under way
            }
            assertEquals(i < 2 ? 2 : 1, page == null ? 0 : page.size(), "orders on page " + (i + 1));
        }
        wait.fault.accept(shop);
        int requestsBefore = shop.requests().size();
        // As Connect runs a source task: poll until told to stop, then stop() on the same thread (KAFKA-10792).
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger records = new AtomicInteger();
        CompletableFuture<Void> task = CompletableFuture.runAsync(() -> {
            try {
                while (!stopping.get()) {
                    List<SourceRecord> polled = poller.poll();
                    records.addAndGet(polled == null ? 0 : polled.size());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            poller.stop();
        });
        Thread.sleep(1500); // into the wait
        assertEquals(0, records.get(), wait + ": records while the task should be waiting");
        assertTrue(shop.requests().size() - requestsBefore <= 1, wait + ": requests while waiting: "
                + shop.requests().subList(requestsBefore, shop.requests().size()));

        long stoppingAt = System.nanoTime();
        stopping.set(true);
        task.get(PROMPT.toMillis(), TimeUnit.MILLISECONDS);
        long stoppedMs = (System.nanoTime() - stoppingAt) / 1_000_000;
        int requestsAtStop = shop.requests().size();
        Thread.sleep(1500);
        assertEquals(requestsAtStop, shop.requests().size(), wait + ": requests after stop: "
                + shop.requests().subList(requestsAtStop, shop.requests().size()));
        assertTrue(stoppedMs <= 1000, wait + ": the task stopped " + stoppedMs + " ms after it was asked to");
    }
}
