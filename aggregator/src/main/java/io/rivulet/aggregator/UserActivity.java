package io.rivulet.aggregator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What one user did in one window, as the few bytes a {@link io.rivulet.common.MemberTable} keeps per
 * member: the funnel stages reached (one bit each) in the first byte, then each segment their clicks carried (one,
 * almost always) as a length byte and its UTF-8 bytes. Read and changed in place, without objects per click.
 */
final class UserActivity {
    private UserActivity() {
    }

    /**
     * The activity in {@code bytes} from {@code offset} ({@code length} bytes; offset -1: none yet) plus one click
     * at {@code stage} (-1: no funnel stage) with {@code segment} (UTF-8; null: none), or null when the click adds
     * nothing new. The segment is one {@link #checkSegment} let through (the click's own check, when it came).
     */
    static byte[] with(byte[] bytes, int offset, int length, int stage, byte[] segment) {
        boolean known = offset >= 0;
        int before = known ? bytes[offset] : 0;
        int stages = stage < 0 ? before : before | (1 << stage);
        boolean newSegment = segment != null && !(known && hasSegment(bytes, offset, length, segment));
        if (known && stages == before && !newSegment) {
            return null;
        }
        int kept = known ? length : 1;
        byte[] after = new byte[kept + (newSegment ? 1 + segment.length : 0)];
        if (known) {
            System.arraycopy(bytes, offset, after, 0, length);
        }
        after[0] = (byte) stages;
        if (newSegment) {
            after[kept] = (byte) segment.length;
            System.arraycopy(segment, 0, after, kept + 1, segment.length);
        }
        return after;
    }

    /** {@code segment}, when it is one a member can keep (at most 255 bytes); otherwise an exception. */
    static byte[] checkSegment(byte[] segment) {
        if (segment != null && segment.length > 255) {
            throw new IllegalArgumentException("Segment longer than 255 bytes: "
                    + new String(segment, StandardCharsets.UTF_8));
        }
        return segment;
    }

    static boolean reached(byte stages, int stage) {
        return (stages & (1 << stage)) != 0;
    }

    private static boolean hasSegment(byte[] bytes, int offset, int length, byte[] segment) {
        int at = offset + 1;
        while (at < offset + length) {
            int segmentLength = bytes[at++] & 0xff;
            if (Arrays.equals(bytes, at, at + segmentLength, segment, 0, segment.length)) {
                return true;
            }
            at += segmentLength;
        }
        return false;
    }
}
