package io.rivulet.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import io.rivulet.aggregator.event.OrderEvent;
import io.rivulet.aggregator.event.OrderEvents;
import io.rivulet.aggregator.event.Routed;
import io.rivulet.aggregator.window.OpenWindows;
import io.rivulet.aggregator.window.PartitionAggregator;
import io.rivulet.aggregator.window.TumblingWindows;
import io.rivulet.schemas.ConnectSchemas;

/**
 * The property the per-partition stage and watermarks exist for: however the final stage's input interleaves the
 * input partitions (a replay that reads one partition far ahead of another, or live traffic), the results are the
 * same.
 */
class InterleavingTest {
    private static final TumblingWindows WINDOWS = new TumblingWindows(60_000, 10_000);
    private static final OrderEvents ORDERS = new OrderEvents("orders", "order_ts");
    private static final int PARTITIONS = 3;

    @Test
    void resultsDoNotDependOnHowPartitionsInterleave() {
        List<List<Record<String, Routed<SalesPartial>>>> gated = new ArrayList<>();
        int late = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            List<Record<String, Routed<SalesPartial>>> out = partition(p, traffic(p));
            late += (int) out.stream().filter(r -> r.value() instanceof Routed.Late).count();
            out.removeIf(r -> r.value() instanceof Routed.Late);
            gated.add(out);
        }
        assertEquals(PARTITIONS, late, "each partition's one late order was taken out in its partition");

        List<Record<String, Routed<SalesPartial>>> oneAfterAnother = new ArrayList<>();
        gated.forEach(oneAfterAnother::addAll);
        List<Record<String, Routed<SalesPartial>>> roundRobin = new ArrayList<>();
        for (int i = 0; gated.stream().anyMatch(list -> !list.isEmpty()); i++) {
            List<Record<String, Routed<SalesPartial>>> from = gated.get(i % PARTITIONS);
            if (!from.isEmpty()) {
                roundRobin.add(from.remove(0));
            }
        }

        List<String> first = aggregate(oneAfterAnother);
        List<String> second = aggregate(roundRobin);
        assertEquals(first, second);
        assertEquals(10 * 2, first.size(), "ten windows, two currencies");
        assertTrue(first.stream().allMatch(row -> row.contains("order_count=6,")), first.toString());
    }

    /** Ten minutes of one partition: two orders a minute per currency, then one order ten minutes late. */
    private static List<OrderEvent> traffic(int partition) {
        Random random = new Random(partition);
        List<OrderEvent> orders = new ArrayList<>();
        long base = 1_700_000_040_000L - 1_700_000_040_000L % 60_000;
        for (int minute = 0; minute < 10; minute++) {
            for (int i = 0; i < 2; i++) {
                for (String currency : List.of("EUR", "USD")) {
                    long time = base + minute * 60_000L + random.nextInt(60_000);
                    orders.add(order("o-" + partition + "-" + orders.size(), currency, time));
                }
            }
        }
        orders.add(order("o-late-" + partition, "EUR", base + 60_000)); // after minute 9 closed minute 1
        orders.add(order("o-closer-" + partition, "EUR", base + 30 * 60_000)); // closes every window above
        return orders;
    }

    private static OrderEvent order(String id, String currency, long time) {
        Struct value = new Struct(ConnectSchemas.ORDER_V1).put("order_id", id).put("customer_id", "c")
                .put("total_amount", 1.0).put("currency", currency).put("order_ts", new Date(time));
        return ORDERS.parse(new SchemaAndValue(ConnectSchemas.ORDER_V1, value));
    }

    /** What the stage of input partition {@code partition} forwards (partials, watermarks, late events). */
    private static List<Record<String, Routed<SalesPartial>>> partition(int partition, List<OrderEvent> orders) {
        MockProcessorContext<String, Routed<SalesPartial>> context = new MockProcessorContext<>(new Properties(),
                new TaskId(0, partition), null);
        context.setCurrentSystemTimeMs(0);
        addStores(context, PartitionAggregator.progressStoreName(SalesProcessor.NAME));
        PartitionAggregator<OrderEvent, SalesPartial> stage = new PartitionAggregator<>(SalesProcessor.NAME, ORDERS,
                new SalesPartials(OpenWindows.Durability.REPLAY_INPUT), WINDOWS, 0, null);
        stage.init(context);
        long streamTime = Long.MIN_VALUE;
        long offset = 0;
        for (OrderEvent order : orders) {
            streamTime = Math.max(streamTime, order.orderTs());
            context.setRecordMetadata("orders", partition, offset++);
            context.setCurrentStreamTimeMs(streamTime);
            Struct value = new Struct(ConnectSchemas.ORDER_V1).put("order_id", order.orderId())
                    .put("customer_id", "c").put("total_amount", order.totalAmount().doubleValue())
                    .put("currency", order.currency()).put("order_ts", new Date(order.orderTs()));
            stage.process(new Record<>(new byte[0], new SchemaAndValue(ConnectSchemas.ORDER_V1, value),
                    order.orderTs()));
        }
        List<Record<String, Routed<SalesPartial>>> out = new ArrayList<>();
        context.forwarded().forEach(forwarded -> out.add(new Record<>(forwarded.record().key(),
                forwarded.record().value(), forwarded.record().timestamp())));
        return out;
    }

    /** In-memory stores: the progress stores hold longs by name, the windowed ones bytes by bytes. */
    private static void addStores(MockProcessorContext<?, ?> context, String... names) {
        for (String name : names) {
            KeyValueStore<?, ?> store = name.endsWith("progress")
                    ? Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                            Serdes.Long()).withLoggingDisabled().build()
                    : Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(),
                            Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
    }

    /** Feeds one interleaving of the partitions' partials to a fresh final stage; returns its results in order. */
    private static List<String> aggregate(List<Record<String, Routed<SalesPartial>>> input) {
        MockProcessorContext<SchemaAndValue, SchemaAndValue> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(System.currentTimeMillis()); // the results' latency is timed by it
        addStores(context, SalesProcessor.TOTALS_STORE, SalesProcessor.PROGRESS_STORE);
        SalesProcessor sales = new SalesProcessor(WINDOWS, PARTITIONS);
        sales.init(context);
        input.forEach(sales::process);
        List<String> rows = new ArrayList<>();
        context.forwarded().forEach(forwarded -> rows.add(forwarded.record().value().value().toString()));
        return rows;
    }
}
