package io.rivulet.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import redis.clients.jedis.JedisPooled;

/**
 * The shop's users and their segments. About one in ten has no profile: RedisEnrich then gives them its default
 * segment, which the ground truth expects as {@link #NO_PROFILE_SEGMENT}.
 */
public final class Users {
    /** The segment RedisEnrich writes for a user without a profile (the connect-configs default.value). */
    public static final String NO_PROFILE_SEGMENT = "unknown";
    static final List<String> SEGMENTS = List.of("new", "returning", "vip");

    private final List<String> ids = new ArrayList<>();
    /** The segment of each user, null for users without a profile. */
    private final List<String> segments = new ArrayList<>();

    Users(int count, Random random) {
        for (int i = 0; i < count; i++) {
            ids.add("u-" + i);
            int roll = random.nextInt(100);
            segments.add(roll < 10 ? null : roll < 55 ? "new" : roll < 85 ? "returning" : "vip");
        }
    }

    int size() {
        return ids.size();
    }

    String id(int index) {
        return ids.get(index);
    }

    /** The segment the enriched clicks of this user carry. */
    String enrichedSegment(int index) {
        String segment = segments.get(index);
        return segment == null ? NO_PROFILE_SEGMENT : segment;
    }

    List<String> ids() {
        return Collections.unmodifiableList(ids);
    }

    /** Writes each profile as the hash user:{id} (field segment) and removes stale ones of users without one. */
    void writeTo(String redisUri) {
        try (JedisPooled redis = new JedisPooled(java.net.URI.create(redisUri))) {
            for (int i = 0; i < ids.size(); i++) {
                String key = "user:" + ids.get(i);
                if (segments.get(i) == null) {
                    redis.del(key);
                } else {
                    redis.hset(key, "segment", segments.get(i));
                }
            }
        }
    }
}
