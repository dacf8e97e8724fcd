package io.rivulet.aggregator;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

import io.rivulet.aggregator.event.ClickEvent;
import io.rivulet.aggregator.event.EventType;
import io.rivulet.aggregator.output.OutputSchemas;
import io.rivulet.aggregator.window.TumblingWindows;
import io.rivulet.aggregator.window.WindowCloser;
import io.rivulet.aggregator.window.WindowedStore;

/**
 * Active users and the funnel per window, from clicks. Both are exact distinct counts of users: all users, users per
 * segment, users per funnel stage. Each user of an open window has one entry (stages reached, segments seen), so a
 * user counts once however many clicks (or redelivered clicks) they make; the counts are taken when the window is
 * written, and the entries are dropped with it, so the state is bounded by the users of the open windows.
 */
public final class ClicksProcessor extends WindowCloser<ClickEvent> {
    public static final String NAME = "clicks";
    /** The funnel stages in order; any other action is activity only. */
    public static final List<String> STAGES = List.of("page_view", "add_to_cart", "checkout", "purchase");
    static final String USERS_STORE = "clicks-users";
    static final String PROGRESS_STORE = "clicks-progress";

    private WindowedStore<UserActivity> users;

    public ClicksProcessor(TumblingWindows windows, EventType<ClickEvent> type, int inputPartitions) {
        super(windows, PROGRESS_STORE, type, inputPartitions);
    }

    static List<StoreBuilder<?>> stores() {
        return List.of(WindowedStore.builder(USERS_STORE), WindowCloser.progressStore(PROGRESS_STORE));
    }

    @Override
    protected void init() {
        users = WindowedStore.of(context, USERS_STORE, UserActivity.serde());
    }

    @Override
    protected void add(ClickEvent click, long windowStart) {
        UserActivity before = users.get(windowStart, click.userId());
        UserActivity known = before == null ? UserActivity.NONE : before;
        UserActivity after = known.with(STAGES.indexOf(click.action()), click.segment());
        if (before == null || after != known) { // a repeated click changes nothing and writes nothing
            users.put(windowStart, click.userId(), after);
        }
    }

    @Override
    protected void emit(long lastClosedStart) {
        WindowCounts[] current = {null};
        users.forEachUpTo(lastClosedStart, entry -> {
            if (current[0] != null && current[0].start != entry.windowStart()) {
                emitWindow(current[0]);
                current[0] = null;
            }
            if (current[0] == null) {
                current[0] = new WindowCounts(entry.windowStart());
            }
            current[0].add(entry.value());
        });
        if (current[0] != null) {
            emitWindow(current[0]);
        }
        users.deleteUpTo(lastClosedStart);
    }

    /** The distinct users of one window, per segment and per stage, counted from its entries. */
    private static final class WindowCounts {
        private final long start;
        private long all;
        private final Map<String, Long> bySegment = new TreeMap<>();
        private final long[] byStage = new long[STAGES.size()];

        WindowCounts(long start) {
            this.start = start;
        }

        void add(UserActivity activity) {
            all++;
            activity.segments().forEach(segment -> bySegment.merge(segment, 1L, Long::sum));
            for (int stage = 0; stage < byStage.length; stage++) {
                if (activity.reached(stage)) {
                    byStage[stage]++;
                }
            }
        }
    }

    private void emitWindow(WindowCounts counts) {
        emitActiveUsers(counts.start, OutputSchemas.ALL_SEGMENTS, counts.all);
        counts.bySegment.forEach((segment, users) -> emitActiveUsers(counts.start, segment, users));
        if (java.util.Arrays.stream(counts.byStage).anyMatch(users -> users > 0)) {
            emitFunnel(counts.start, counts.byStage);
        }
    }

    private void emitActiveUsers(long start, String segment, long users) {
        Date windowStart = new Date(start);
        Struct key = new Struct(OutputSchemas.ACTIVE_USERS_KEY).put("window_start", windowStart)
                .put("segment", segment);
        Struct value = new Struct(OutputSchemas.ACTIVE_USERS).put("window_start", windowStart)
                .put("window_end", new Date(windows.end(start))).put("segment", segment).put("active_users", users);
        context.forward(new Record<>(new SchemaAndValue(OutputSchemas.ACTIVE_USERS_KEY, key),
                new SchemaAndValue(OutputSchemas.ACTIVE_USERS, value), resultTimestamp(start)));
    }

    private void emitFunnel(long start, long[] stages) {
        Date windowStart = new Date(start);
        Struct key = new Struct(OutputSchemas.FUNNEL_KEY).put("window_start", windowStart);
        Struct value = new Struct(OutputSchemas.FUNNEL).put("window_start", windowStart)
                .put("window_end", new Date(windows.end(start)))
                .put("page_view", stages[0]).put("add_to_cart", stages[1]).put("checkout", stages[2])
                .put("purchase", stages[3])
                .put("view_to_cart", rate(stages[1], stages[0]))
                .put("cart_to_checkout", rate(stages[2], stages[1]))
                .put("checkout_to_purchase", rate(stages[3], stages[2]))
                .put("overall_conversion", rate(stages[3], stages[0]));
        context.forward(new Record<>(new SchemaAndValue(OutputSchemas.FUNNEL_KEY, key),
                new SchemaAndValue(OutputSchemas.FUNNEL, value), resultTimestamp(start)));
    }

    /** Users at a stage over users at the stage before; none when nobody reached the stage before. */
    static Double rate(long stage, long before) {
        return before == 0 ? null : (double) stage / before;
    }
}
