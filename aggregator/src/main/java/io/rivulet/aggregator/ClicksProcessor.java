package io.rivulet.aggregator;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serdes;
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
 * Active users and the funnel per window, from clicks. Both are exact distinct counts of users per group of a
 * window: all users, users per segment, users per funnel stage. A user id is kept per group and window until the
 * window's results are written, so a user counts once per group however many clicks (or redelivered clicks) they
 * make, and the state is bounded by the users of the open windows.
 */
public final class ClicksProcessor extends WindowCloser<ClickEvent> {
    public static final String NAME = "clicks";
    /** The funnel stages in order; any other action is activity only. */
    public static final List<String> STAGES = List.of("page_view", "add_to_cart", "checkout", "purchase");
    static final String SEEN_STORE = "clicks-users";
    static final String COUNTS_STORE = "clicks-distinct-counts";
    static final String PROGRESS_STORE = "clicks-progress";
    private static final String ALL = "all";
    private static final String SEGMENT = "segment:";
    private static final String STAGE = "stage:";
    private static final byte[] SEEN = {1};

    private WindowedStore<byte[]> seen;
    private WindowedStore<Long> counts;

    public ClicksProcessor(TumblingWindows windows, EventType<ClickEvent> type, int inputPartitions) {
        super(windows, PROGRESS_STORE, type, inputPartitions);
    }

    static List<StoreBuilder<?>> stores() {
        return List.of(WindowedStore.builder(SEEN_STORE), WindowedStore.builder(COUNTS_STORE),
                WindowCloser.progressStore(PROGRESS_STORE));
    }

    @Override
    protected void init() {
        seen = WindowedStore.of(context, SEEN_STORE, Serdes.ByteArray());
        counts = WindowedStore.of(context, COUNTS_STORE, Serdes.Long());
    }

    @Override
    protected void add(ClickEvent click, long windowStart) {
        countOnce(ALL, click.userId(), windowStart);
        if (click.segment() != null) {
            countOnce(SEGMENT + click.segment(), click.userId(), windowStart);
        }
        if (STAGES.contains(click.action())) {
            countOnce(STAGE + click.action(), click.userId(), windowStart);
        }
    }

    private void countOnce(String group, String userId, long windowStart) {
        String member = group + '\u0000' + userId;
        if (seen.get(windowStart, member) != null) {
            return;
        }
        seen.put(windowStart, member, SEEN);
        Long count = counts.get(windowStart, group);
        counts.put(windowStart, group, count == null ? 1L : count + 1);
    }

    @Override
    protected void emit(long lastClosedStart) {
        Map<Long, Map<String, Long>> byWindow = new TreeMap<>();
        for (WindowedStore.Entry<Long> entry : counts.upTo(lastClosedStart)) {
            byWindow.computeIfAbsent(entry.windowStart(), start -> new TreeMap<>()).put(entry.member(),
                    entry.value());
        }
        byWindow.forEach(this::emitWindow);
        counts.deleteUpTo(lastClosedStart);
        seen.deleteUpTo(lastClosedStart);
    }

    private void emitWindow(long start, Map<String, Long> groups) {
        groups.forEach((group, users) -> {
            if (group.equals(ALL)) {
                emitActiveUsers(start, OutputSchemas.ALL_SEGMENTS, users);
            } else if (group.startsWith(SEGMENT)) {
                emitActiveUsers(start, group.substring(SEGMENT.length()), users);
            }
        });
        long[] stages = new long[STAGES.size()];
        boolean any = false;
        for (int i = 0; i < stages.length; i++) {
            Long users = groups.get(STAGE + STAGES.get(i));
            stages[i] = users == null ? 0 : users;
            any |= users != null;
        }
        if (any) {
            emitFunnel(start, stages);
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
