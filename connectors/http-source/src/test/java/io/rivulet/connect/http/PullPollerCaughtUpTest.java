package io.rivulet.connect.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.rivulet.connect.http.pull.PullPoller;
import io.rivulet.testkit.ShopApiStub;

/**
 * A caught-up endpoint costs little: asked again less and less often while nothing changes, with the validators of
 * the last answer so that the API answers 304 without a body, and back to poll.interval.ms with the first new
 * record.
 */
class PullPollerCaughtUpTest {
    private ShopApiStub shop;

    @BeforeEach
    void start() {
        shop = ShopApiStub.start();
        shop.addOrders(3);
    }

    @AfterEach
    void close() {
        shop.close();
    }

    @ParameterizedTest(name = "ETag {0}, Last-Modified {1}")
    @CsvSource({"true,false", "false,true", "false,false"})
    void anUnchangedPageIsAnswered304WhenTheApiSendsValidators(boolean etag, boolean lastModified)
            throws InterruptedException {
        shop.validators(etag, lastModified);
        PullPoller poller = TestPullPollers.start(shop, Map.of("poll.interval.ms", "50", "poll.interval.max.ms",
                "50"));
        List<String> ids = TestPullPollers.pollFor(poller, 1500);
        assertEquals(List.of("o-1", "o-2", "o-3"), ids);
        int asked = shop.requests().size();
        assertTrue(asked >= 10, "asked again while caught up: " + asked);
        int expected304 = etag || lastModified ? asked - 3 : 0; // the three pages come with their bodies
        assertTrue(Math.abs(shop.notModifiedAnswers() - expected304) <= 1, shop.notModifiedAnswers() + " answers 304 of "
                + asked + " requests, expected about " + expected304);

        shop.addOrders(1);
        assertEquals(List.of("o-4"), TestPullPollers.pollFor(poller, 500), "a changed page comes with its body");
        poller.stop();
    }

    @Test
    void whileNothingChangesTheWaitDoublesUpToTheLongestAndANewRecordResetsIt() throws InterruptedException {
        PullPoller poller = TestPullPollers.start(shop, Map.of("poll.interval.ms", "100", "poll.interval.max.ms",
                "800"));
        TestPullPollers.pollFor(poller, 500); // three pages, then caught up
        int caughtUp = shop.requests().size();
        TestPullPollers.pollFor(poller, 4000);
        int quiet = shop.requests().size() - caughtUp;
        // 100, 200, 400, 800, 800, 800, 800 ms apart: about 6 in 4 s (40 at a steady 100 ms)
        assertTrue(quiet >= 4 && quiet <= 8, quiet + " requests in 4 s of nothing new");

        long added = System.currentTimeMillis();
        shop.addOrders(1);
        List<String> ids = new ArrayList<>();
        while (ids.isEmpty() && System.currentTimeMillis() - added < 3000) {
            ids.addAll(TestPullPollers.pollFor(poller, 50));
        }
        assertEquals(List.of("o-4"), ids);
        assertTrue(System.currentTimeMillis() - added <= 1000, "fetched within the longest wait");
        int afterNews = shop.requests().size();
        TestPullPollers.pollFor(poller, 1000);
        int again = shop.requests().size() - afterNews;
        assertTrue(again >= 3, "back to 100 ms after a new record: " + again + " requests in 1 s");
        poller.stop();
    }
}
