package io.rivulet.testkit.plugin;

import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

/** The source partition and offset shape of the sequence: one partition per topic, the next position as offset. */
final class SequenceOffsets {
    static final String TOPIC_KEY = "topic";
    static final String POSITION_KEY = "position";

    private SequenceOffsets() {
    }

    static Map<String, String> partition(String topic) {
        return Map.of(TOPIC_KEY, topic);
    }

    static Map<String, Long> offset(long nextPosition) {
        return Map.of(POSITION_KEY, nextPosition);
    }

    /** The next position stored in an offset, or 0 when there is none. */
    static long nextPosition(Map<String, ?> offset) {
        if (offset == null) {
            return 0L;
        }
        Object value = offset.get(POSITION_KEY);
        if (!(value instanceof Long) && !(value instanceof Integer)) {
            throw new ConnectException("Offset " + offset + " must have a whole number '" + POSITION_KEY + "'");
        }
        long position = ((Number) value).longValue();
        if (position < 0) {
            throw new ConnectException("Offset " + offset + " has a negative '" + POSITION_KEY + "'");
        }
        return position;
    }

    static void validatePartition(Map<String, ?> partition) {
        if (partition == null || !(partition.get(TOPIC_KEY) instanceof String)) {
            throw new ConnectException("Source partition " + partition + " must have a string '" + TOPIC_KEY + "'");
        }
    }
}
