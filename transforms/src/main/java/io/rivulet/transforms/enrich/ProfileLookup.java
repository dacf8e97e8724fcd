package io.rivulet.transforms.enrich;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Finds a record's profile: builds the key from the record, asks a bounded cache with a time to live, and on a miss
 * the {@link ProfileSource}. Entries are keyed by the key's arguments (e.g. the user id) so that a cache hit builds
 * no string. Misses are cached too (as all-null values), so unknown users do not cost a round trip each; failures
 * are not cached.
 */
public final class ProfileLookup implements AutoCloseable {
    private final ProfileSource source;
    private final KeyTemplate template;
    private final String[] fields;
    private final Cache<Object, String[]> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** {@code maxEntries} 0 turns the cache off. */
    public ProfileLookup(ProfileSource source, KeyTemplate template, String[] fields, long maxEntries,
                         Duration ttl) {
        this.source = source;
        this.template = template;
        this.fields = fields;
        this.cache = maxEntries > 0 ? Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl)
                .ticker(CoarseTicker.INSTANCE).build() : null;
    }

    /** The key's arguments in a record value, or null when a field the key needs is missing. */
    public Object arguments(Object recordValue) {
        return template.arguments(recordValue);
    }

    public String key(Object arguments) {
        return template.render(arguments);
    }

    /** The profile's values for {@code arguments}, in field order, null where missing; may come from the cache. */
    public String[] fetch(Object arguments) {
        if (cache == null) {
            misses.increment();
            return source.fetch(template.render(arguments), fields);
        }
        String[] cached = cache.getIfPresent(arguments);
        if (cached != null) {
            hits.increment();
            return cached;
        }
        misses.increment();
        String[] fetched = source.fetch(template.render(arguments), fields);
        cache.put(arguments, fetched);
        return fetched;
    }

    /** Lookups the cache answered. */
    public long cacheHits() {
        return hits.sum();
    }

    /** Lookups that asked the source (Redis): not cached, expired, or the cache is off. */
    public long cacheMisses() {
        return misses.sum();
    }

    public long cachedProfiles() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.invalidateAll();
        }
        source.close();
    }
}
