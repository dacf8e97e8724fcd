package io.rivulet.aggregator;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import io.rivulet.aggregator.event.EventSerdes;

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

    static Serde<UserActivity> serde() {
        return Serdes.serdeFrom((topic, activity) -> activity == null ? null : EventSerdes.write(out -> {
            out.writeByte(activity.stages());
            out.writeByte(activity.segments().size());
            for (String segment : activity.segments()) {
                out.writeUTF(segment);
            }
        }), (topic, bytes) -> bytes == null ? null : EventSerdes.read(bytes, in -> {
            int stages = in.readByte();
            int count = in.readByte();
            List<String> segments = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                segments.add(in.readUTF());
            }
            return new UserActivity(stages, segments);
        }));
    }
}
