package io.rivulet.transforms;

/** What one {@link RedisEnrich} instance has seen, in JMX. */
public interface RedisEnrichMetricsMXBean {
    /** Records that got their profile fields. */
    long getEnrichedRecords();

    /** Records whose profile, or one of its fields, was missing. */
    long getMissedRecords();

    /** Records that passed with the default value because Redis could not be asked (on.error=default). */
    long getFailedLookups();

    /** Profiles in the cache now (estimated). */
    long getCachedProfiles();

    /** Lookups the cache answered. */
    long getCacheHits();

    /** Lookups that went to Redis: not in the cache, expired, or the cache is off. */
    long getCacheMisses();
}
