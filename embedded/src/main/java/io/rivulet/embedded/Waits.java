package io.rivulet.embedded;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds, and says what it waited for and what it saw last when it gives up. */
public final class Waits {
    private static final long POLL_MS = 100;

    private Waits() {
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value, and returns that value. A probe that throws counts
     * as not done yet; its exception is reported if the wait times out.
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() >= deadline) {
                String seen = lastError != null ? "last error: " + lastError : "last seen: " + last;
                AssertionError failure = new AssertionError(
                        "Timed out after " + timeout.toMillis() + " ms waiting for " + what + "; " + seen);
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }

    public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
        until(what, timeout, condition, Boolean.TRUE::equals);
    }
}
