package io.rivulet.aggregator;

import java.nio.charset.StandardCharsets;
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

    ClickPartials(OpenWindows.Durability durability) {
        super(durability, USERS_STORE);
    }

    @Override
    public void add(ClickEvent click, long windowStart) {
        byte[] user = click.userId().getBytes(StandardCharsets.UTF_8);
        byte[] known = members.get(windowStart, user);
        byte[] after = UserActivity.with(known, ClicksProcessor.STAGES.indexOf(click.action()), click.segment());
        if (after != known) { // a repeated click changes nothing and writes nothing
            members.put(windowStart, user, after);
        }
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

    /** One window's counts while its users are read: added to in place, a window may hold a million users. */
    private static final class Tally {
        private final long windowStart;
        private long users;
        private final Map<String, Long> bySegment = new TreeMap<>();
        private final long[] byStage = new long[ClicksProcessor.STAGES.size()];

        Tally(long windowStart) {
            this.windowStart = windowStart;
        }

        void add(byte[] arena, int offset, int length) {
            users++;
            UserActivity.forEachSegment(arena, offset, length, segment -> bySegment.merge(segment, 1L, Long::sum));
            for (int stage = 0; stage < byStage.length; stage++) {
                if (UserActivity.reached(arena[offset], stage)) {
                    byStage[stage]++;
                }
            }
        }

        ClickCounts counts() {
            return new ClickCounts(windowStart, users, bySegment, byStage);
        }
    }

    @Override
    public long windowStart(ClickCounts partial) {
        return partial.windowStart();
    }
}
