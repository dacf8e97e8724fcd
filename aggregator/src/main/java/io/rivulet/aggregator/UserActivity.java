package io.rivulet.aggregator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * What one user did in one window, as the few bytes a {@link io.rivulet.aggregator.window.MemberTable} keeps per
 * member: the funnel stages reached (one bit each) in the first byte, then each segment their clicks carried (one,
 * almost always) as a length byte and its UTF-8 bytes. Read and changed in place, without objects per click.
 */
final class UserActivity {
    private static final byte[] NONE = {0};

    private UserActivity() {
    }

    /**
     * The activity {@code known} (null: none yet) plus one click at {@code stage} (-1: no funnel stage) with
     * {@code segment} (null: none); {@code known} itself when the click adds nothing new.
     */
    static byte[] with(byte[] known, int stage, String segment) {
        byte[] before = known == null ? NONE : known;
        int stages = stage < 0 ? before[0] : before[0] | (1 << stage);
        byte[] segmentBytes = segment == null ? null : segment.getBytes(StandardCharsets.UTF_8);
        boolean newSegment = segmentBytes != null && !hasSegment(before, segmentBytes);
        if (known != null && stages == before[0] && !newSegment) {
            return known;
        }
        if (segmentBytes != null && segmentBytes.length > 255) {
            throw new IllegalArgumentException("Segment longer than 255 bytes: " + segment);
        }
        byte[] after = Arrays.copyOf(before, before.length + (newSegment ? 1 + segmentBytes.length : 0));
        after[0] = (byte) stages;
        if (newSegment) {
            after[before.length] = (byte) segmentBytes.length;
            System.arraycopy(segmentBytes, 0, after, before.length + 1, segmentBytes.length);
        }
        return after;
    }

    static boolean reached(byte stages, int stage) {
        return (stages & (1 << stage)) != 0;
    }

    /** Each segment of the activity at {@code offset} (of {@code length} bytes) in {@code bytes}. */
    static void forEachSegment(byte[] bytes, int offset, int length, Consumer<String> action) {
        int at = offset + 1;
        while (at < offset + length) {
            int segmentLength = bytes[at++] & 0xff;
            action.accept(new String(bytes, at, segmentLength, StandardCharsets.UTF_8));
            at += segmentLength;
        }
    }

    private static boolean hasSegment(byte[] activity, byte[] segment) {
        int at = 1;
        while (at < activity.length) {
            int segmentLength = activity[at++] & 0xff;
            if (Arrays.equals(activity, at, at + segmentLength, segment, 0, segment.length)) {
                return true;
            }
            at += segmentLength;
        }
        return false;
    }
}
