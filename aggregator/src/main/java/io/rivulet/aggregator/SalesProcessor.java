package io.rivulet.aggregator;

import java.util.Date;
import java.util.List;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.streams.state.StoreBuilder;

import io.rivulet.aggregator.output.OutputSchemas;
import io.rivulet.aggregator.window.TumblingWindows;
import io.rivulet.aggregator.window.WindowCloser;
import io.rivulet.aggregator.window.WindowedStore;

/**
 * Sales per window and currency: adds up the input partitions' partials ({@link SalesPartials}) and writes each
 * window's rows once, when every input partition has passed it.
 */
public final class SalesProcessor extends WindowCloser<SalesPartial> {
    public static final String NAME = "sales";
    static final String TOTALS_STORE = "sales-totals";
    static final String PROGRESS_STORE = "sales-progress";

    private WindowedStore<SalesTotals> totals;

    public SalesProcessor(TumblingWindows windows, int inputPartitions) {
        super(NAME, windows, PROGRESS_STORE, inputPartitions);
    }

    static List<StoreBuilder<?>> stores() {
        return List.of(WindowedStore.smallBuilder(TOTALS_STORE), WindowCloser.progressStore(PROGRESS_STORE));
    }

    @Override
    protected void init() {
        totals = WindowedStore.of(context, TOTALS_STORE, SalesTotals.serde());
    }

    @Override
    protected long windowStart(SalesPartial partial) {
        return partial.windowStart();
    }

    @Override
    protected void add(SalesPartial partial, long windowStart) {
        SalesTotals before = totals.get(windowStart, partial.currency());
        totals.put(windowStart, partial.currency(), before == null ? partial.totals()
                : before.plus(partial.totals()));
    }

    @Override
    protected void emit(long lastClosedStart) {
        totals.forEachUpTo(lastClosedStart, entry -> emit(entry.windowStart(), entry.member(), entry.value()));
        totals.deleteUpTo(lastClosedStart);
    }

    private void emit(long start, String currency, SalesTotals sales) {
        Date windowStart = new Date(start);
        Struct key = new Struct(OutputSchemas.SALES_KEY).put("window_start", windowStart).put("currency", currency);
        double amount = sales.amount().doubleValue();
        Struct value = new Struct(OutputSchemas.SALES).put("window_start", windowStart)
                .put("window_end", new Date(windows.end(start))).put("currency", currency)
                .put("order_count", sales.orders()).put("total_amount", amount)
                .put("avg_order_value", sales.orders() == 0 ? 0.0 : amount / sales.orders());
        forwardResult(new SchemaAndValue(OutputSchemas.SALES_KEY, key),
                new SchemaAndValue(OutputSchemas.SALES, value), start);
    }
}
