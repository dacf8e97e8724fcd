package io.rivulet.aggregator.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.apache.kafka.connect.data.SchemaAndValue;

/**
 * The fields of a click the aggregator needs; {@code segment} is there when RedisEnrich added it. Read from a flat
 * JSON value ({@link FlatFields}), its strings stay bytes of that value until someone asks for them as strings: the
 * aggregator keys its state on the user id's bytes and matches the action's bytes, and needs the event id only for
 * a late click, so a click on time makes no strings at all.
 */
public final class ClickEvent {
    private static final long NONE = -1;
    private final long timestamp;
    private String eventId;
    private String userId;
    private String action;
    private String segment;
    /** The flat JSON value the strings below were found in, or null when they were given as strings. */
    private final byte[] source;
    private final long eventIdAt;
    private final long userIdAt;
    private final long actionAt;
    private final long segmentAt;

    public ClickEvent(String eventId, String userId, String action, long timestamp, String segment) {
        this.eventId = eventId;
        this.userId = userId;
        this.action = action;
        this.timestamp = timestamp;
        this.segment = segment;
        this.source = null;
        this.eventIdAt = NONE;
        this.userIdAt = NONE;
        this.actionAt = NONE;
        this.segmentAt = NONE;
    }

    private ClickEvent(byte[] source, long eventIdAt, long userIdAt, long actionAt, long timestamp, long segmentAt) {
        this.source = source;
        this.eventIdAt = eventIdAt;
        this.userIdAt = userIdAt;
        this.actionAt = actionAt;
        this.timestamp = timestamp;
        this.segmentAt = segmentAt;
    }

    public static ClickEvent from(String topic, SchemaAndValue value, String timeField) {
        if (value != null && value.value() instanceof FlatFields flat) {
            ClickEvent undecoded = undecoded(topic, value, flat, timeField);
            if (undecoded != null) {
                return undecoded;
            }
        }
        FieldReader fields = FieldReader.of(topic, value);
        return new ClickEvent(fields.optionalString("event_id"), fields.requiredString("user_id"),
                fields.requiredString("action"), fields.requiredTime(timeField), fields.optionalString("segment"));
    }

    /**
     * The click with its strings left in the value, when each is a non-empty string there or (the optional ones)
     * absent; null when any is something else, which {@link FieldReader} then reads or rejects as always.
     */
    private static ClickEvent undecoded(String topic, SchemaAndValue value, FlatFields flat, String timeField) {
        long userIdAt = flat.slice("user_id");
        long actionAt = flat.slice("action");
        long eventIdAt = optional(flat, "event_id");
        long segmentAt = optional(flat, "segment");
        if (!nonEmpty(userIdAt) || !nonEmpty(actionAt) || eventIdAt == Long.MIN_VALUE || segmentAt == Long.MIN_VALUE) {
            return null;
        }
        long time = FieldReader.of(topic, value).requiredTime(timeField);
        return new ClickEvent(flat.source(), eventIdAt, userIdAt, actionAt, time, segmentAt);
    }

    /** A non-empty string's slice; NONE when absent or null; Long.MIN_VALUE when anything else. */
    private static long optional(FlatFields flat, String name) {
        long slice = flat.slice(name);
        if (nonEmpty(slice)) {
            return slice;
        }
        return flat.get(name) == null ? NONE : Long.MIN_VALUE;
    }

    private static boolean nonEmpty(long slice) {
        return slice >= 0 && FlatFields.sliceLength(slice) > 0;
    }

    public String eventId() {
        if (eventId == null && eventIdAt != NONE) {
            eventId = decode(eventIdAt);
        }
        return eventId;
    }

    public String userId() {
        if (userId == null && userIdAt != NONE) {
            userId = decode(userIdAt);
        }
        return userId;
    }

    public String action() {
        if (action == null && actionAt != NONE) {
            action = decode(actionAt);
        }
        return action;
    }

    public long timestamp() {
        return timestamp;
    }

    public String segment() {
        if (segment == null && segmentAt != NONE) {
            segment = decode(segmentAt);
        }
        return segment;
    }

    /** The user id as UTF-8. */
    public byte[] userIdBytes() {
        return userIdAt != NONE ? copy(userIdAt) : userId.getBytes(StandardCharsets.UTF_8);
    }

    /** The segment as UTF-8, or null when the click has none. */
    public byte[] segmentBytes() {
        if (segmentAt != NONE) {
            return copy(segmentAt);
        }
        return segment == null ? null : segment.getBytes(StandardCharsets.UTF_8);
    }

    /** The index of the action among {@code actions} (as UTF-8), or -1 when it is none of them. */
    public int actionIndex(byte[][] actions) {
        byte[] bytes = actionAt != NONE ? source : action.getBytes(StandardCharsets.UTF_8);
        int from = actionAt != NONE ? FlatFields.sliceFrom(actionAt) : 0;
        int length = actionAt != NONE ? FlatFields.sliceLength(actionAt) : bytes.length;
        for (int i = 0; i < actions.length; i++) {
            if (Arrays.equals(bytes, from, from + length, actions[i], 0, actions[i].length)) {
                return i;
            }
        }
        return -1;
    }

    private String decode(long slice) {
        // The scanner keeps only ASCII strings without escapes: their bytes are the string.
        return new String(source, FlatFields.sliceFrom(slice), FlatFields.sliceLength(slice),
                StandardCharsets.US_ASCII);
    }

    private byte[] copy(long slice) {
        int from = FlatFields.sliceFrom(slice);
        return Arrays.copyOfRange(source, from, from + FlatFields.sliceLength(slice));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClickEvent click && timestamp == click.timestamp
                && Objects.equals(eventId(), click.eventId()) && Objects.equals(userId(), click.userId())
                && Objects.equals(action(), click.action()) && Objects.equals(segment(), click.segment());
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId(), userId(), action(), timestamp, segment());
    }

    @Override
    public String toString() {
        return "ClickEvent[eventId=" + eventId() + ", userId=" + userId() + ", action=" + action() + ", timestamp="
                + timestamp + ", segment=" + segment() + "]";
    }
}
