package io.rivulet.aggregator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;

import io.rivulet.aggregator.event.ClickEvent;
import io.rivulet.aggregator.window.OpenWindows;
import io.rivulet.aggregator.window.PartialAggregation;

/**
 * The users of one input partition: each user of an open window is one member (stages reached, segments seen), so
 * a user counts once however many clicks (or redelivered clicks) they make. When the window closes in the
 * partition its users are counted and the counts handed on, and the members dropped, so the state is bounded by
 * the users of the open windows.
 */
final class ClickPartials implements PartialAggregation<ClickEvent, ClickCounts> {
    static final String USERS_STORE = "clicks-users";

    private final OpenWindows users;

    ClickPartials(OpenWindows.Durability durability) {
        this.users = OpenWindows.of(durability, USERS_STORE);
    }

    @Override
    public List<StoreBuilder<?>> stores() {
        return users.stores();
    }

    @Override
    public void init(ProcessingContext context) {
        users.init(context);
    }

    @Override
    public long members() {
        return users.members();
    }

    @Override
    public long bytes() {
        return users.bytes();
    }

    @Override
    public boolean isOpen(long windowStart) {
        return users.isOpen(windowStart);
    }

    @Override
    public void add(ClickEvent click, long windowStart) {
        byte[] user = click.userId().getBytes(StandardCharsets.UTF_8);
        byte[] known = users.get(windowStart, user);
        byte[] after = UserActivity.with(known, ClicksProcessor.STAGES.indexOf(click.action()), click.segment());
        if (after != known) { // a repeated click changes nothing and writes nothing
            users.put(windowStart, user, after);
        }
    }

    @Override
    public void close(long lastClosedStart, Consumer<ClickCounts> partials) {
        users.closeUpTo(lastClosedStart, (windowStart, members) -> {
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
