package io.rivulet.transforms;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Counters behind {@link RedisEnrichMetricsMXBean}. */
final class RedisEnrichMetrics implements RedisEnrichMetricsMXBean {
    private final LongAdder enriched = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongSupplier cacheSize;

    RedisEnrichMetrics(LongSupplier cacheSize) {
        this.cacheSize = cacheSize;
    }

    void enriched() {
        enriched.increment();
    }

    void missed() {
        missed.increment();
    }

    void failed() {
        failed.increment();
    }

    @Override
    public long getEnrichedRecords() {
        return enriched.sum();
    }

    @Override
    public long getMissedRecords() {
        return missed.sum();
    }

    @Override
    public long getFailedLookups() {
        return failed.sum();
    }

    @Override
    public long getCachedProfiles() {
        return cacheSize.getAsLong();
    }
}
