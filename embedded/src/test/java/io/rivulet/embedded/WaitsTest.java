package io.rivulet.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class WaitsTest {

    @Test
    void returnsTheFirstValueThatIsDone() {
        AtomicInteger calls = new AtomicInteger();
        int value = Waits.until("three calls", Duration.ofSeconds(5), calls::incrementAndGet, n -> n == 3);
        assertEquals(3, value);
    }

    @Test
    void timeoutSaysWhatItWaitedForAndWhatItSawLast() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> Waits.until("the answer", Duration.ofMillis(250), () -> 41, n -> n == 42));
        assertTrue(error.getMessage().contains("waiting for the answer"), error.getMessage());
        assertTrue(error.getMessage().contains("last seen: 41"), error.getMessage());
    }

    @Test
    void aProbeThatKeepsFailingIsReportedWithItsError() {
        AssertionError error = assertThrows(AssertionError.class, () -> Waits.until("a server",
                Duration.ofMillis(250), () -> {
                    throw new IllegalStateException("connection refused");
                }, x -> true));
        assertTrue(error.getMessage().contains("connection refused"), error.getMessage());
        assertTrue(error.getCause() instanceof IllegalStateException);
    }
}
