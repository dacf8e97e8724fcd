package io.rivulet.transforms.util;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import org.slf4j.Logger;

/** Logs a warning at most once per interval, with how many events it stands for. */
public final class ThrottledLog {
    private final Logger log;
    private final long intervalMs;
    private final AtomicLong pending = new AtomicLong();
    private volatile long lastLogMs;

    public ThrottledLog(Logger log, long intervalMs) {
        this.log = log;
        this.intervalMs = intervalMs;
    }

    /** Counts one event; logs {@code message.apply(count)} if the interval since the last line has passed. */
    public void warn(LongFunction<String> message) {
        long count = pending.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastLogMs >= intervalMs) {
            synchronized (this) {
                if (now - lastLogMs >= intervalMs) {
                    lastLogMs = now;
                    count = pending.getAndSet(0);
                    log.warn(message.apply(count));
                }
            }
        }
    }
}
