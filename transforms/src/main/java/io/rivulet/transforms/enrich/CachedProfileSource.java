package io.rivulet.transforms.enrich;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A bounded cache with a time to live in front of a {@link ProfileSource}. Misses are cached too (as all-null
 * values), so unknown users do not cost a round trip each. Failures are not cached.
 */
public final class CachedProfileSource implements ProfileSource {
    private final ProfileSource source;
    private final Cache<String, String[]> cache;

    public CachedProfileSource(ProfileSource source, long maxEntries, Duration ttl) {
        this.source = source;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
    }

    /** All lookups of one transform ask for the same fields, so the key alone identifies an entry. */
    @Override
    public String[] fetch(String key, String[] fields) {
        String[] cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        String[] fetched = source.fetch(key, fields);
        cache.put(key, fetched);
        return fetched;
    }

    public long size() {
        return cache.estimatedSize();
    }

    @Override
    public void close() {
        cache.invalidateAll();
        source.close();
    }
}
