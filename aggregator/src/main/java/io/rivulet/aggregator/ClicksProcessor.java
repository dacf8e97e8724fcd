package io.rivulet.aggregator;

import java.util.Arrays;
import java.util.Date;
import java.util.List;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.streams.state.StoreBuilder;

import io.rivulet.aggregator.output.OutputSchemas;
import io.rivulet.aggregator.window.TumblingWindows;
import io.rivulet.aggregator.window.WindowCloser;
import io.rivulet.aggregator.window.WindowedStore;

/**
 * Active users and the funnel per window: adds up the input partitions' distinct-user counts ({@link ClickPartials};
 * exact because each user's clicks are in one partition) and writes each window's rows once, when every input
 * partition has passed it.
 */
public final class ClicksProcessor extends WindowCloser<ClickCounts> {
    public static final String NAME = "clicks";
    /** The funnel stages in order; any other action is activity only. */
    public static final List<String> STAGES = List.of("page_view", "add_to_cart", "checkout", "purchase");
    static final String TOTALS_STORE = "clicks-totals";
    static final String PROGRESS_STORE = "clicks-progress";
    private static final String WINDOW = "";

    private WindowedStore<ClickCounts> totals;

    public ClicksProcessor(TumblingWindows windows, int inputPartitions) {
        super(NAME, windows, PROGRESS_STORE, inputPartitions);
    }

    static List<StoreBuilder<?>> stores() {
        return List.of(WindowedStore.smallBuilder(TOTALS_STORE), WindowCloser.progressStore(PROGRESS_STORE));
    }

    @Override
    protected void init() {
        totals = WindowedStore.of(context, TOTALS_STORE, ClickCounts.serde());
    }

    @Override
    protected long windowStart(ClickCounts partial) {
        return partial.windowStart();
    }

    @Override
    protected void add(ClickCounts partial, long windowStart) {
        ClickCounts before = totals.get(windowStart, WINDOW);
        totals.put(windowStart, WINDOW, before == null ? partial : before.plus(partial));
    }

    @Override
    protected void emit(long lastClosedStart) {
        totals.forEachUpTo(lastClosedStart, entry -> emitWindow(entry.value()));
        totals.deleteUpTo(lastClosedStart);
    }

    private void emitWindow(ClickCounts counts) {
        emitActiveUsers(counts.windowStart(), OutputSchemas.ALL_SEGMENTS, counts.users());
        counts.bySegment().forEach((segment, users) -> emitActiveUsers(counts.windowStart(), segment, users));
        if (Arrays.stream(counts.byStage()).anyMatch(users -> users > 0)) {
            emitFunnel(counts.windowStart(), counts.byStage());
        }
    }

    private void emitActiveUsers(long start, String segment, long users) {
        Date windowStart = new Date(start);
        Struct key = new Struct(OutputSchemas.ACTIVE_USERS_KEY).put("window_start", windowStart)
                .put("segment", segment);
        Struct value = new Struct(OutputSchemas.ACTIVE_USERS).put("window_start", windowStart)
                .put("window_end", new Date(windows.end(start))).put("segment", segment).put("active_users", users);
        forwardResult(new SchemaAndValue(OutputSchemas.ACTIVE_USERS_KEY, key),
                new SchemaAndValue(OutputSchemas.ACTIVE_USERS, value), start);
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
        forwardResult(new SchemaAndValue(OutputSchemas.FUNNEL_KEY, key),
                new SchemaAndValue(OutputSchemas.FUNNEL, value), start);
    }

    /** Users at a stage over users at the stage before; none when nobody reached the stage before. */
    static Double rate(long stage, long before) {
        return before == 0 ? null : (double) stage / before;
    }
}
