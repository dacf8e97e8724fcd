package io.rivulet.aggregator;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

import io.rivulet.aggregator.event.EventSerdes;
import io.rivulet.aggregator.event.EventType;
import io.rivulet.aggregator.event.OrderEvent;
import io.rivulet.aggregator.output.OutputSchemas;
import io.rivulet.aggregator.window.Metrics;
import io.rivulet.aggregator.window.TumblingWindows;
import io.rivulet.aggregator.window.WindowCloser;
import io.rivulet.aggregator.window.WindowedStore;

/**
 * Sales per window and currency, from orders keyed by currency. Each order of an open window is kept once under its
 * id (a redelivery finds it there and counts once); the totals are added up when the window is written, and the
 * orders are dropped with it.
 */
public final class SalesProcessor extends WindowCloser<OrderEvent> {
    public static final String NAME = "sales";
    static final String ORDERS_STORE = "sales-orders";
    static final String PROGRESS_STORE = "sales-progress";

    private WindowedStore<OrderEvent> orders;
    private Sensor duplicates;

    public SalesProcessor(TumblingWindows windows, EventType<OrderEvent> type, int inputPartitions) {
        super(windows, PROGRESS_STORE, type, inputPartitions);
    }

    static List<StoreBuilder<?>> stores() {
        return List.of(WindowedStore.builder(ORDERS_STORE), WindowCloser.progressStore(PROGRESS_STORE));
    }

    @Override
    protected void init() {
        orders = WindowedStore.of(context, ORDERS_STORE, EventSerdes.orders());
        duplicates = Metrics.duplicateEvents(context, NAME);
    }

    @Override
    protected void add(OrderEvent order, long windowStart) {
        if (orders.get(windowStart, order.orderId()) != null) {
            duplicates.record();
            return;
        }
        orders.put(windowStart, order.orderId(), order);
    }

    @Override
    protected void emit(long lastClosedStart) {
        Map<Long, Map<String, SalesTotals>> byWindow = new TreeMap<>();
        orders.forEachUpTo(lastClosedStart, entry -> byWindow.computeIfAbsent(entry.windowStart(),
                start -> new TreeMap<>()).merge(entry.value().currency(),
                SalesTotals.EMPTY.add(entry.value().totalAmount()), SalesTotals::plus));
        byWindow.forEach((start, currencies) -> currencies.forEach((currency, sales) -> emit(start, currency, sales)));
        orders.deleteUpTo(lastClosedStart);
    }

    private void emit(long start, String currency, SalesTotals sales) {
        Date windowStart = new Date(start);
        Struct key = new Struct(OutputSchemas.SALES_KEY).put("window_start", windowStart).put("currency", currency);
        double amount = sales.amount().doubleValue();
        Struct value = new Struct(OutputSchemas.SALES).put("window_start", windowStart)
                .put("window_end", new Date(windows.end(start))).put("currency", currency)
                .put("order_count", sales.orders()).put("total_amount", amount)
                .put("avg_order_value", sales.orders() == 0 ? 0.0 : amount / sales.orders());
        context.forward(new Record<>(new SchemaAndValue(OutputSchemas.SALES_KEY, key),
                new SchemaAndValue(OutputSchemas.SALES, value), resultTimestamp(start)));
    }
}
