package io.rivulet.aggregator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;


/**
 * What one user did in one window: the funnel stages reached (one bit each) and the segments their clicks carried
 * (one, almost always). One entry per user and window keeps the state to a single key per user.
 */
public record UserActivity(int stages, List<String> segments) {
    static final UserActivity NONE = new UserActivity(0, List.of());

    /** This activity plus one click; the same instance when the click adds nothing new. */
    UserActivity with(int stage, String segment) {
        int moreStages = stage < 0 ? stages : stages | (1 << stage);
        boolean newSegment = segment != null && !segments.contains(segment);
        if (moreStages == stages && !newSegment) {
            return this;
        }
        List<String> moreSegments = segments;
        if (newSegment) {
            moreSegments = new ArrayList<>(segments);
            moreSegments.add(segment);
        }
        return new UserActivity(moreStages, moreSegments);
    }

    boolean reached(int stage) {
        return (stages & (1 << stage)) != 0;
    }

    /** Stages in one byte, then each segment as a length byte and its UTF-8 bytes: about 10 bytes a user. */
    static Serde<UserActivity> serde() {
        return Serdes.serdeFrom((topic, activity) -> activity == null ? null : encode(activity),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    private static byte[] encode(UserActivity activity) {
        int size = 1;
        List<byte[]> segments = new ArrayList<>(activity.segments().size());
        for (String segment : activity.segments()) {
            byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 255) {
                throw new IllegalArgumentException("Segment longer than 255 bytes: " + segment);
            }
            segments.add(bytes);
            size += 1 + bytes.length;
        }
        byte[] out = new byte[size];
        out[0] = (byte) activity.stages();
        int at = 1;
        for (byte[] segment : segments) {
            out[at++] = (byte) segment.length;
            System.arraycopy(segment, 0, out, at, segment.length);
            at += segment.length;
        }
        return out;
    }

    private static UserActivity decode(byte[] bytes) {
        List<String> segments = new ArrayList<>(1);
        int at = 1;
        while (at < bytes.length) {
            int length = bytes[at++] & 0xff;
            segments.add(new String(bytes, at, length, StandardCharsets.UTF_8));
            at += length;
        }
        return new UserActivity(bytes[0], segments);
    }
}
