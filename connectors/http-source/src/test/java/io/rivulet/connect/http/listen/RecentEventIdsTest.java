package io.rivulet.connect.http.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecentEventIdsTest {
    private static final long WINDOW = 1_000;

    @Test
    void aRetryWaitsForTheWriteUnderWayThenGetsItsOutcome() {
        RecentEventIds ids = new RecentEventIds(WINDOW, 100);
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        CompletableFuture<Boolean> other = new CompletableFuture<>();
        List<CompletableFuture<Boolean>> earlier = ids.claim(Arrays.asList("a", "b", "a", null),
                writes(first, other, new CompletableFuture<>(), new CompletableFuture<>()), 0);
        assertEquals(Arrays.asList(null, null, first, null), earlier, "the repeat in one request waits for the first");
        assertSame(first, claim(ids, "a", 10), "under way: the retry waits for that very write");

        first.complete(true); // went to the invalid topic
        other.complete(false);
        CompletableFuture<Boolean> retried = claim(ids, "a", 20);
        assertTrue(retried.isDone());
        assertTrue(retried.join(), "the retry is told where the first write went");
        assertFalse(claim(ids, "b", 20).join());
        assertNull(claim(ids, null, 20), "an event without an id is never a duplicate");
    }

    @Test
    void idsAreRememberedForTheWindowFromTheirClaim() {
        RecentEventIds ids = new RecentEventIds(WINDOW, 100);
        claimAndWrite(ids, "a", 0);
        claimAndWrite(ids, "b", 600);
        assertNotNull(claim(ids, "a", WINDOW), "claimed exactly a window ago");
        assertNull(claim(ids, "a", WINDOW + 1), "older than the window: written again");
        assertNotNull(claim(ids, "b", WINDOW + 1));
    }

    @Test
    void aFailedOrRefusedWriteIsForgotten() {
        RecentEventIds ids = new RecentEventIds(WINDOW, 100);
        CompletableFuture<Boolean> failed = new CompletableFuture<>();
        assertNull(ids.claim(List.of("a"), writes(failed), 0).get(0));
        failed.completeExceptionally(new IllegalStateException("the task stopped"));
        assertNull(claim(ids, "a", 10), "a failed write: the retry writes the event");

        CompletableFuture<Boolean> refused = new CompletableFuture<>();
        assertNull(ids.claim(List.of("b"), writes(refused), 0).get(0));
        refused.completeExceptionally(new IllegalStateException("the queue is full"));
        assertNull(claim(ids, "b", 10));
    }

    @Test
    void anIdLongerThanATableKeyIsNeverTakenForARetry() {
        RecentEventIds ids = new RecentEventIds(WINDOW, 100);
        String id = "x".repeat(40_000);
        assertNull(claim(ids, id, 0));
        assertNull(claim(ids, id, 1), "written again: better twice than lost");
    }

    /**
     * Against a model of every claim: an id is a duplicate only if it was claimed within the window and its write did
     * not fail (never a new event taken for a retry), and always when that claim is among the newest max ids.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void neverTakesANewEventForARetryAndForgetsOnlyOldIds(long seed) {
        Random random = new Random(seed);
        int maxIds = seed <= 2 ? 50 : 10_000; // bound by count, or by the window
        RecentEventIds ids = new RecentEventIds(WINDOW, maxIds);
        Map<String, CompletableFuture<Boolean>> firstWrites = new HashMap<>();
        Map<String, Long> claimedAt = new HashMap<>();
        List<String> claims = new ArrayList<>(); // the ids of the writes claimed, in order
        List<String> underWay = new ArrayList<>();
        long now = 0;
        for (int step = 0; step < 20_000; step++) {
            now += random.nextInt(4);
            // Writes finish in claim order, as a producer's do, now and then a failure.
            while (!underWay.isEmpty() && random.nextInt(3) == 0) {
                String done = underWay.remove(0);
                if (random.nextInt(20) == 0) {
                    firstWrites.get(done).completeExceptionally(new IllegalStateException("failed"));
                    firstWrites.remove(done);
                } else {
                    firstWrites.get(done).complete(random.nextInt(10) == 0);
                }
            }
            String id = "e-" + random.nextInt(400);
            CompletableFuture<Boolean> write = new CompletableFuture<>();
            CompletableFuture<Boolean> earlier = claim(ids, id, now, write);
            CompletableFuture<Boolean> modelFirst = firstWrites.get(id);
            boolean withinWindow = modelFirst != null && claimedAt.get(id) >= now - WINDOW;
            boolean mustBeKnown = withinWindow && claims.size() - claims.lastIndexOf(id) <= maxIds;
            if (earlier != null) {
                assertNotNull(modelFirst, id + " was never claimed, or its write failed, yet is a duplicate");
                assertTrue(withinWindow, id + " is older than the window");
                if (modelFirst.isDone()) {
                    assertEquals(modelFirst.join(), earlier.join(), id + ": where the first write went");
                } else {
                    assertSame(modelFirst, earlier, id + ": the retry waits for the first write");
                }
            } else {
                assertFalse(mustBeKnown, id + " was forgotten too early");
                firstWrites.put(id, write);
                claimedAt.put(id, now);
                claims.add(id);
                underWay.remove(id);
                underWay.add(id);
            }
        }
        assertTrue(ids.size() <= 2 * maxIds, "remembered: " + ids.size());
    }

    private static CompletableFuture<Boolean> claim(RecentEventIds ids, String id, long nowMs) {
        return claim(ids, id, nowMs, new CompletableFuture<>());
    }

    private static CompletableFuture<Boolean> claim(RecentEventIds ids, String id, long nowMs,
                                                    CompletableFuture<Boolean> write) {
        return ids.claim(Arrays.asList(id), writes(write), nowMs).get(0);
    }

    /** Writes as dedup sees them, backed by futures the test completes. */
    @SafeVarargs
    private static List<RecentEventIds.Write> writes(CompletableFuture<Boolean>... futures) {
        List<RecentEventIds.Write> writes = new ArrayList<>();
        for (CompletableFuture<Boolean> future : futures) {
            writes.add(new RecentEventIds.Write() {
                @Override
                public boolean done() {
                    return future.isDone();
                }

                @Override
                public boolean failed() {
                    return future.isCompletedExceptionally();
                }

                @Override
                public boolean routedAsInvalid() {
                    return future.join();
                }

                @Override
                public CompletableFuture<Boolean> future() {
                    return future;
                }
            });
        }
        return writes;
    }

    private static void claimAndWrite(RecentEventIds ids, String id, long nowMs) {
        CompletableFuture<Boolean> write = new CompletableFuture<>();
        assertNull(claim(ids, id, nowMs, write));
        write.complete(false);
    }
}
