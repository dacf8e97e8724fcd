package io.rivulet.aggregator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;


import io.rivulet.aggregator.event.ClickEvent;
import io.rivulet.aggregator.window.MemberAggregation;
import io.rivulet.aggregator.window.OpenWindows;

/**
 * The users of one input partition: each user of an open window is one member (stages reached, segments seen), so
 * a user counts once however many clicks (or redelivered clicks) they make. When the window closes in the
 * partition its users are counted and the counts handed on, and the members dropped, so the state is bounded by
 * the users of the open windows.
 */
final class ClickPartials extends MemberAggregation<ClickEvent, ClickCounts> {
    static final String USERS_STORE = "clicks-users";
    /** The funnel's stages as UTF-8, to match a click's action without a string. */
    private static final byte[][] STAGES = ClicksProcessor.STAGES.stream()
            .map(stage -> stage.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    ClickPartials(OpenWindows.Durability durability) {
        super(durability, USERS_STORE);
    }

    @Override
    public void add(ClickEvent click, long windowStart) {
        byte[] user = click.userIdBytes();
        int stage = click.actionIndex(STAGES);
        byte[] segment = UserActivity.checkSegment(click.segmentBytes()); // refused now, for this click
        // A repeated click changes nothing and writes nothing.
        members.merge(windowStart, user, (arena, offset, length) -> UserActivity.with(arena, offset, length, stage,
                segment));
    }

    @Override
    public void close(long lastClosedStart, Consumer<ClickCounts> partials) {
        members.closeUpTo(lastClosedStart, (windowStart, members) -> {
            Tally tally = new Tally(windowStart);
            members.forEach((arena, keyOffset, keyLength, payloadOffset, payloadLength) -> tally.add(arena,
                    payloadOffset, payloadLength));
            partials.accept(tally.counts());
        });
    }

    /**
     * One window's counts while its users are read: added to in place, a window may hold a million users. Segments
     * are counted by their bytes (a shop has a handful), and made strings once at the end.
     */
    private static final class Tally {
        private static final int FEW_SEGMENTS = 8;
        private final long windowStart;
        private long users;
        private final List<byte[]> segments = new ArrayList<>();
        private long[] bySegment = new long[FEW_SEGMENTS];
        /** Index of the segments by their bytes, once there are more than a few. */
        private Map<ByteBuffer, Integer> index;
        private final long[] byStage = new long[ClicksProcessor.STAGES.size()];

        Tally(long windowStart) {
            this.windowStart = windowStart;
        }

        void add(byte[] arena, int offset, int length) {
            users++;
            int at = offset + 1;
            while (at < offset + length) {
                int segmentLength = arena[at++] & 0xff;
                int segment = segment(arena, at, segmentLength); // first: it may grow the array
                bySegment[segment]++;
                at += segmentLength;
            }
            byte stages = arena[offset];
            for (int stage = 0; stage < byStage.length; stage++) {
                if (UserActivity.reached(stages, stage)) {
                    byStage[stage]++;
                }
            }
        }

        /** The segment's index: found by comparing bytes while there are few, by hash when there are many. */
        private int segment(byte[] arena, int offset, int length) {
            if (index == null) {
                for (int i = 0; i < segments.size(); i++) {
                    byte[] known = segments.get(i);
                    if (Arrays.equals(known, 0, known.length, arena, offset, offset + length)) {
                        return i;
                    }
                }
            } else {
                Integer found = index.get(ByteBuffer.wrap(arena, offset, length));
                if (found != null) {
                    return found;
                }
            }
            byte[] segment = Arrays.copyOfRange(arena, offset, offset + length);
            segments.add(segment);
            if (segments.size() > bySegment.length) {
                bySegment = Arrays.copyOf(bySegment, bySegment.length * 2);
            }
            if (index == null && segments.size() > FEW_SEGMENTS) {
                index = new HashMap<>();
                for (int i = 0; i < segments.size(); i++) {
                    index.put(ByteBuffer.wrap(segments.get(i)), i);
                }
            } else if (index != null) {
                index.put(ByteBuffer.wrap(segment), segments.size() - 1);
            }
            return segments.size() - 1;
        }

        ClickCounts counts() {
            Map<String, Long> counts = new TreeMap<>();
            for (int i = 0; i < segments.size(); i++) {
                counts.put(new String(segments.get(i), StandardCharsets.UTF_8), bySegment[i]);
            }
            return new ClickCounts(windowStart, users, counts, byStage);
        }
    }

    @Override
    public long windowStart(ClickCounts partial) {
        return partial.windowStart();
    }
}
