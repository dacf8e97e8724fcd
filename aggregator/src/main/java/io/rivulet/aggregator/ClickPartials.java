package io.rivulet.aggregator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;

import io.rivulet.aggregator.event.ClickEvent;
import io.rivulet.aggregator.window.PartialAggregation;
import io.rivulet.aggregator.window.WindowedStore;

/**
 * The users of one input partition: each user of an open window has one entry (stages reached, segments seen), so
 * a user counts once however many clicks (or redelivered clicks) they make. When the window closes in the
 * partition its users are counted and the counts handed on, and the entries dropped, so the state is bounded by
 * the users of the open windows.
 */
final class ClickPartials implements PartialAggregation<ClickEvent, ClickCounts> {
    static final String USERS_STORE = "clicks-users";

    private WindowedStore<UserActivity> users;

    @Override
    public List<StoreBuilder<?>> stores() {
        return List.of(WindowedStore.builder(USERS_STORE));
    }

    @Override
    public void init(ProcessingContext context) {
        users = WindowedStore.of(context, USERS_STORE, UserActivity.serde());
    }

    @Override
    public void add(ClickEvent click, long windowStart) {
        UserActivity before = users.get(windowStart, click.userId());
        UserActivity known = before == null ? UserActivity.NONE : before;
        UserActivity after = known.with(ClicksProcessor.STAGES.indexOf(click.action()), click.segment());
        if (before == null || after != known) { // a repeated click changes nothing and writes nothing
            users.put(windowStart, click.userId(), after);
        }
    }

    @Override
    public void close(long lastClosedStart, Consumer<ClickCounts> partials) {
        Tally[] current = {null};
        users.forEachUpTo(lastClosedStart, entry -> {
            if (current[0] != null && current[0].windowStart != entry.windowStart()) {
                partials.accept(current[0].counts());
                current[0] = null;
            }
            if (current[0] == null) {
                current[0] = new Tally(entry.windowStart());
            }
            current[0].add(entry.value());
        });
        if (current[0] != null) {
            partials.accept(current[0].counts());
        }
        users.deleteUpTo(lastClosedStart);
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

        void add(UserActivity user) {
            users++;
            user.segments().forEach(segment -> bySegment.merge(segment, 1L, Long::sum));
            for (int stage = 0; stage < byStage.length; stage++) {
                if (user.reached(stage)) {
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
