package io.rivulet.aggregator;

import java.util.Date;
import java.util.List;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

import io.rivulet.aggregator.event.EventType;
import io.rivulet.aggregator.event.OrderEvent;
import io.rivulet.aggregator.output.OutputSchemas;
import io.rivulet.aggregator.window.Metrics;
import io.rivulet.aggregator.window.TumblingWindows;
import io.rivulet.aggregator.window.WindowCloser;
import io.rivulet.aggregator.window.WindowedStore;

/**
 * Sales per window and currency, from orders keyed by currency. An order id seen again in the same window (a
 * redelivery) counts once: the ids of a window are kept until its result is written, then dropped with it.
 */
public final class SalesProcessor extends WindowCloser<OrderEvent> {
    public static final String NAME = "sales";
    static final String SEEN_STORE = "sales-order-ids";
    static final String TOTALS_STORE = "sales-totals";
    static final String PROGRESS_STORE = "sales-progress";
    private static final byte[] SEEN = {1};

    private WindowedStore<byte[]> seen;
    private WindowedStore<SalesTotals> totals;
    private Sensor duplicates;

    public SalesProcessor(TumblingWindows windows, EventType<OrderEvent> type, int inputPartitions) {
        super(windows, PROGRESS_STORE, type, inputPartitions);
    }

    static List<StoreBuilder<?>> stores() {
        return List.of(WindowedStore.builder(SEEN_STORE), WindowedStore.builder(TOTALS_STORE),
                WindowCloser.progressStore(PROGRESS_STORE));
    }

    @Override
    protected void init() {
        seen = WindowedStore.of(context, SEEN_STORE, Serdes.ByteArray());
        totals = WindowedStore.of(context, TOTALS_STORE, SalesTotals.serde());
        duplicates = Metrics.duplicateEvents(context, NAME);
    }

    @Override
    protected void add(OrderEvent order, long windowStart) {
        if (seen.get(windowStart, order.orderId()) != null) {
            duplicates.record();
            return;
        }
        seen.put(windowStart, order.orderId(), SEEN);
        SalesTotals current = totals.get(windowStart, order.currency());
        totals.put(windowStart, order.currency(),
                (current == null ? SalesTotals.EMPTY : current).add(order.totalAmount()));
    }

    @Override
    protected void emit(long lastClosedStart) {
        for (WindowedStore.Entry<SalesTotals> entry : totals.upTo(lastClosedStart)) {
            long start = entry.windowStart();
            String currency = entry.member();
            SalesTotals sales = entry.value();
            Date windowStart = new Date(start);
            Struct key = new Struct(OutputSchemas.SALES_KEY).put("window_start", windowStart)
                    .put("currency", currency);
            double amount = sales.amount().doubleValue();
            Struct value = new Struct(OutputSchemas.SALES).put("window_start", windowStart)
                    .put("window_end", new Date(windows.end(start))).put("currency", currency)
                    .put("order_count", sales.orders()).put("total_amount", amount)
                    .put("avg_order_value", sales.orders() == 0 ? 0.0 : amount / sales.orders());
            context.forward(new Record<>(new SchemaAndValue(OutputSchemas.SALES_KEY, key),
                    new SchemaAndValue(OutputSchemas.SALES, value), resultTimestamp(start)));
        }
        totals.deleteUpTo(lastClosedStart);
        seen.deleteUpTo(lastClosedStart);
    }
}
