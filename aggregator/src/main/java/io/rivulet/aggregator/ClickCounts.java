package io.rivulet.aggregator;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import io.rivulet.aggregator.event.EventSerdes;

/**
 * Distinct users of one window: in all, per segment, per funnel stage. From one input partition it is a partial;
 * added over all partitions it is the window's result, exact because each user's clicks are in one partition.
 */
public record ClickCounts(long windowStart, long users, Map<String, Long> bySegment, long[] byStage) {

    /** The counts of two sets of users that share no user (two input partitions). */
    ClickCounts plus(ClickCounts other) {
        Map<String, Long> segments = new TreeMap<>(bySegment);
        other.bySegment.forEach((segment, count) -> segments.merge(segment, count, Long::sum));
        long[] stages = byStage.clone();
        for (int stage = 0; stage < stages.length; stage++) {
            stages[stage] += other.byStage[stage];
        }
        return new ClickCounts(windowStart, users + other.users, segments, stages);
    }

    @Override
    public String toString() {
        return "ClickCounts[window " + windowStart + ": " + users + " users, " + bySegment + ", stages "
                + Arrays.toString(byStage) + "]";
    }

    static Serde<ClickCounts> serde() {
        return Serdes.serdeFrom((topic, counts) -> counts == null ? null : EventSerdes.write(out -> {
            out.writeLong(counts.windowStart());
            out.writeLong(counts.users());
            out.writeShort(counts.bySegment().size());
            for (Map.Entry<String, Long> segment : counts.bySegment().entrySet()) {
                out.writeUTF(segment.getKey());
                out.writeLong(segment.getValue());
            }
            out.writeByte(counts.byStage().length);
            for (long stage : counts.byStage()) {
                out.writeLong(stage);
            }
        }), (topic, bytes) -> bytes == null ? null : EventSerdes.read(bytes, in -> {
            long windowStart = in.readLong();
            long users = in.readLong();
            Map<String, Long> segments = new TreeMap<>();
            for (int i = in.readShort(); i > 0; i--) {
                segments.put(in.readUTF(), in.readLong());
            }
            long[] stages = new long[in.readByte()];
            for (int i = 0; i < stages.length; i++) {
                stages[i] = in.readLong();
            }
            return new ClickCounts(windowStart, users, segments, stages);
        }));
    }
}
