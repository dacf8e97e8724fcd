package io.rivulet.aggregator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;

import io.rivulet.aggregator.event.EventSerdes;
import io.rivulet.aggregator.event.OrderEvent;
import io.rivulet.aggregator.window.Metrics;
import io.rivulet.aggregator.window.PartialAggregation;
import io.rivulet.aggregator.window.WindowedStore;

/**
 * Sales of one input partition: each order of an open window is kept once under its id (a redelivery, in the same
 * partition as the order, finds it there and counts once); when the window closes in the partition its orders are
 * added up per currency and handed on, and dropped.
 */
final class SalesPartials implements PartialAggregation<OrderEvent, SalesPartial> {
    static final String ORDERS_STORE = "sales-orders";

    private WindowedStore<OrderEvent> orders;
    private Sensor duplicates;

    @Override
    public List<StoreBuilder<?>> stores() {
        return List.of(WindowedStore.builder(ORDERS_STORE));
    }

    @Override
    public void init(ProcessingContext context) {
        orders = WindowedStore.of(context, ORDERS_STORE, EventSerdes.orders());
        duplicates = Metrics.duplicateEvents(context, SalesProcessor.NAME);
    }

    @Override
    public void add(OrderEvent order, long windowStart) {
        if (orders.get(windowStart, order.orderId()) != null) {
            duplicates.record();
            return;
        }
        orders.put(windowStart, order.orderId(), order);
    }

    @Override
    public void close(long lastClosedStart, Consumer<SalesPartial> partials) {
        Map<Long, Map<String, SalesTotals>> byWindow = new TreeMap<>();
        orders.forEachUpTo(lastClosedStart, entry -> byWindow.computeIfAbsent(entry.windowStart(),
                start -> new TreeMap<>()).merge(entry.value().currency(),
                SalesTotals.EMPTY.add(entry.value().totalAmount()), SalesTotals::plus));
        byWindow.forEach((start, currencies) -> currencies.forEach((currency, totals) -> partials.accept(
                new SalesPartial(start, currency, totals))));
        orders.deleteUpTo(lastClosedStart);
    }

    @Override
    public long windowStart(SalesPartial partial) {
        return partial.windowStart();
    }
}
