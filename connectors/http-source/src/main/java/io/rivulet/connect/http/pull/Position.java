package io.rivulet.connect.http.pull;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Where an endpoint's reading stands: the request that fetches the current page (cursor, link URL, page number or
 * the incrementing value to start after) and how many of that page's records are already written. It is the
 * record's source offset, so a restart or a replay fetches the same page and skips the same records.
 */
public final class Position {
    static final String CURSOR = "cursor";
    static final String URL = "url";
    static final String PAGE = "page";
    static final String SINCE = "since";
    static final String SKIP = "skip";

    private final Pagination pagination;
    private final String token;
    private final long page;
    private final int skip;

    private Position(Pagination pagination, String token, long page, int skip) {
        this.pagination = pagination;
        this.token = token;
        this.page = page;
        this.skip = skip;
    }

    /** Where a new endpoint starts: no cursor, the base URL, the first page, or the configured start value. */
    public static Position start(Pagination pagination, long firstPage, String initialSince) {
        return new Position(pagination, pagination == Pagination.INCREMENTING && !initialSince.isEmpty()
                ? initialSince : null, firstPage, 0);
    }

    public static Position cursor(String cursor, int skip) {
        return new Position(Pagination.CURSOR, cursor, 0, skip);
    }

    public static Position link(String url, int skip) {
        return new Position(Pagination.LINK, url, 0, skip);
    }

    public static Position page(long page, int skip) {
        return new Position(Pagination.PAGE, null, page, skip);
    }

    public static Position since(String since) {
        return since(since, 0);
    }

    /** After the records below {@code since} and the first {@code skip} records with that value. */
    public static Position since(String since, int skip) {
        return new Position(Pagination.INCREMENTING, since, 0, skip);
    }

    /** The cursor, link URL or incrementing value; null at the start. */
    public String token() {
        return token;
    }

    public long page() {
        return page;
    }

    /** Records of the current page already written (incrementing: of those with the value {@link #token()}). */
    public int skip() {
        return skip;
    }

    public Position skipping(int count) {
        return new Position(pagination, token, page, count);
    }

    /**
     * The source offset of a record at this position. One per record, so the common offsets are immutable maps of
     * two entries rather than hash tables (a pulled record's offset map cost as much as reading it did).
     */
    public Map<String, Object> toOffset() {
        switch (pagination) {
            case CURSOR:
                return pair(CURSOR, token, SKIP, skip);
            case LINK:
                return pair(URL, token, SKIP, skip);
            case PAGE:
                return Map.of(PAGE, page, SKIP, skip);
            default:
                if (skip > 0) { // only with http.incrementing.compare=greater_or_equal
                    return pair(SINCE, token, SKIP, skip);
                }
                return Collections.singletonMap(SINCE, token);
        }
    }

    /** Two entries, the first of which may be null (no cursor yet), which Map.of refuses. */
    private static Map<String, Object> pair(String key, String value, String otherKey, Object other) {
        if (value != null) {
            return Map.of(key, value, otherKey, other);
        }
        Map<String, Object> offset = new HashMap<>(4);
        offset.put(key, null);
        offset.put(otherKey, other);
        return offset;
    }

    /** Reads a stored (or user-supplied) offset, or fails naming what is wrong with it. */
    public static Position fromOffset(Pagination pagination, Map<String, ?> offset) {
        switch (pagination) {
            case CURSOR:
                return cursor(text(offset, CURSOR), skip(offset));
            case LINK:
                return link(text(offset, URL), skip(offset));
            case PAGE: {
                Object page = offset.get(PAGE);
                if (!(page instanceof Long) && !(page instanceof Integer)) {
                    throw new ConnectException("Offset " + offset + " needs a whole number '" + PAGE
                            + "' for page pagination");
                }
                return page(((Number) page).longValue(), skip(offset));
            }
            default:
                return since(text(offset, SINCE), skip(offset));
        }
    }

    private static String text(Map<String, ?> offset, String key) {
        Object value = offset.get(key);
        if (value != null && !(value instanceof String)) {
            throw new ConnectException("Offset " + offset + " needs '" + key + "' as text or null");
        }
        if (!offset.containsKey(key)) {
            throw new ConnectException("Offset " + offset + " has no '" + key + "'");
        }
        return (String) value;
    }

    private static int skip(Map<String, ?> offset) {
        Object skip = offset.get(SKIP);
        if (skip == null) {
            return 0;
        }
        if ((!(skip instanceof Long) && !(skip instanceof Integer)) || ((Number) skip).longValue() < 0) {
            throw new ConnectException("Offset " + offset + " needs '" + SKIP + "' as a whole number >= 0");
        }
        return ((Number) skip).intValue();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Position)) {
            return false;
        }
        Position other = (Position) o;
        return pagination == other.pagination && java.util.Objects.equals(token, other.token) && page == other.page
                && skip == other.skip;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(pagination, token, page, skip);
    }

    @Override
    public String toString() {
        return new java.util.TreeMap<>(toOffset()).toString(); // in one order, for logs
    }
}
