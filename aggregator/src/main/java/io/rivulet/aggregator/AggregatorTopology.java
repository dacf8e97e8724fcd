package io.rivulet.aggregator;

import java.util.List;
import java.util.function.Supplier;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;

import io.rivulet.aggregator.event.ClickEvents;
import io.rivulet.aggregator.event.EventSerdes;
import io.rivulet.aggregator.event.EventTimeExtractor;
import io.rivulet.aggregator.event.EventType;
import io.rivulet.aggregator.event.OrderEvents;
import io.rivulet.aggregator.event.Routed;
import io.rivulet.aggregator.output.OutputTopics;
import io.rivulet.aggregator.window.EventGate;
import io.rivulet.aggregator.window.TumblingWindows;
import io.rivulet.aggregator.window.WindowCloser;

/**
 * The aggregator's topology, the same for orders and clicks.
 *
 * <pre>
 * input --gate--> events, watermarks --(repartition by aggregation key)--> aggregation --> results
 *          `----> late events -----------------------------------------------------------> late-events topic
 * </pre>
 *
 * The gate runs on each input partition and decides lateness in that partition's order; the aggregation sees every
 * event of its key in one task (exact distinct counts) and closes a window when all input partitions' watermarks
 * have passed it. Orders aggregate per currency; clicks under one key, since users are distinct over the window.
 */
public final class AggregatorTopology {
    private AggregatorTopology() {
    }

    /**
     * @param ordersPartitions partitions of the orders topic, each of which sends watermarks
     * @param clicksPartitions partitions of the clicks topic
     */
    public static Topology build(AggregatorConfig config, int ordersPartitions, int clicksPartitions) {
        StreamsBuilder builder = new StreamsBuilder();
        TumblingWindows windows = TumblingWindows.of(config.windowSize(), config.windowGrace());
        Class<?> converter = config.getClass(AggregatorConfig.CONVERTER_CLASS_CONFIG);
        ConverterSerde values = ConverterSerde.of(converter, config.converterConfig(), false);
        ConverterSerde keys = ConverterSerde.of(converter, config.converterConfig(), true);
        OutputTopics outputs = new OutputTopics(config);

        OrderEvents orders = new OrderEvents(config.getString(AggregatorConfig.ORDERS_TOPIC_CONFIG),
                config.getString(AggregatorConfig.ORDER_TIME_FIELD_CONFIG));
        aggregation(builder, "sales", orders, windows, values, EventSerdes.orders(), 0, SalesProcessor.stores(),
                () -> new SalesProcessor(windows, orders, ordersPartitions), outputs, keys);

        ClickEvents clicks = new ClickEvents(config.getString(AggregatorConfig.CLICKS_TOPIC_CONFIG),
                config.getString(AggregatorConfig.CLICK_TIME_FIELD_CONFIG));
        aggregation(builder, "clicks", clicks, windows, values, EventSerdes.clicks(), 1,
                ClicksProcessor.stores(), () -> new ClicksProcessor(windows, clicks, clicksPartitions), outputs, keys);
        return builder.build();
    }

    /**
     * Source, gate, repartition and aggregation of one input, writing the aggregation's results and the gate's late
     * events to the output topics. The two are written each on its own, not merged: a merge would put the gate and
     * the aggregation in one sub-topology, whose tasks read the repartition topic too, and the gate would judge
     * lateness by a stream time that other partitions' events had moved on.
     *
     * @param repartitions partitions of the repartition topic, 0 for as many as the input has
     */
    private static <E> void aggregation(
            StreamsBuilder builder, String name, EventType<E> type, TumblingWindows windows, ConverterSerde values,
            Serde<E> eventSerde, int repartitions, List<StoreBuilder<?>> stores,
            Supplier<WindowCloser<E>> aggregation, OutputTopics outputs, ConverterSerde keys) {
        stores.forEach(builder::addStateStore);
        KStream<String, Routed<E>> gated = builder.stream(type.topic(), Consumed.with(Serdes.ByteArray(), values)
                        .withTimestampExtractor(new EventTimeExtractor(type.timeField())).withName(name + "-source"))
                .process(() -> new EventGate<>(name, type, windows), Named.as(name + "-gate"));
        KStream<SchemaAndValue, SchemaAndValue> late = gated
                .filter((key, routed) -> routed instanceof Routed.Late, Named.as(name + "-late"))
                .map((key, routed) -> {
                    Routed.Late<E> event = (Routed.Late<E>) routed;
                    return KeyValue.pair(event.key(), event.value());
                }, Named.as(name + "-late-record"));
        Repartitioned<String, Routed<E>> repartitioned = Repartitioned
                .with(Serdes.String(), Routed.serde(eventSerde)).withName(name + "-by-key")
                .withStreamPartitioner(Routed.partitioner());
        late.to(outputs, Produced.with(keys, values).withName(name + "-late-out"));
        gated.filterNot((key, routed) -> routed instanceof Routed.Late, Named.as(name + "-on-time"))
                .repartition(repartitions > 0 ? repartitioned.withNumberOfPartitions(repartitions) : repartitioned)
                .process(aggregation::get, Named.as(name),
                        stores.stream().map(StoreBuilder::name).toArray(String[]::new))
                .to(outputs, Produced.with(keys, values).withName(name + "-out"));
    }
}
