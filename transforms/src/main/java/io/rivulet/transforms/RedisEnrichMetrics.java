package io.rivulet.transforms;

import java.util.concurrent.atomic.LongAdder;

import io.rivulet.transforms.enrich.ProfileLookup;

/** Counters behind {@link RedisEnrichMetricsMXBean}. */
final class RedisEnrichMetrics implements RedisEnrichMetricsMXBean {
    private final LongAdder enriched = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final ProfileLookup profiles;

    RedisEnrichMetrics(ProfileLookup profiles) {
        this.profiles = profiles;
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
        return profiles.cachedProfiles();
    }

    @Override
    public long getCacheHits() {
        return profiles.cacheHits();
    }

    @Override
    public long getCacheMisses() {
        return profiles.cacheMisses();
    }
}
