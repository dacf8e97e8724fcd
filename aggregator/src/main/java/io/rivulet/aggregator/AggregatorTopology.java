package io.rivulet.aggregator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;

import io.rivulet.aggregator.event.ClickEvent;
import io.rivulet.aggregator.event.ClickEvents;
import io.rivulet.aggregator.event.EventTimeExtractor;
import io.rivulet.aggregator.event.EventType;
import io.rivulet.aggregator.event.OrderEvent;
import io.rivulet.aggregator.event.OrderEvents;
import io.rivulet.aggregator.event.Routed;
import io.rivulet.aggregator.output.OutputTopics;
import io.rivulet.aggregator.window.InputLog;
import io.rivulet.aggregator.window.KafkaInputLog;
import io.rivulet.aggregator.window.OpenWindows;
import io.rivulet.aggregator.window.PartialAggregation;
import io.rivulet.aggregator.window.PartitionAggregator;
import io.rivulet.aggregator.window.TumblingWindows;
import io.rivulet.aggregator.window.WindowCloser;

/**
 * The aggregator's topology, the same for orders and clicks.
 *
 * <pre>
 * input partition --(gate, partial aggregation)--> partials, watermarks --(repartition by window)--> final stage
 *        |                                                                    (adds partials) --> results
 *        `--> late events ---------------------------------------------------------------------> late-events topic
 * </pre>
 *
 * Each input partition is aggregated in its own task, as many tasks as the input has partitions: it decides
 * lateness in its own order, keeps the state of its open windows, and when its time closes a window hands on the
 * window's partial result (distinct users, per segment and stage; orders and amount per currency) and then a
 * watermark. Partials add up exactly because the events that must meet are in one partition: the inputs are keyed
 * by user and by customer (or, with {@code input.*.repartition}, repartitioned by user and order id first). The
 * final stage, fed only partials (a few per window and partition), writes a window's rows when all input
 * partitions' watermarks have passed it.
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
        Inputs inputs = new Inputs(builder, windows, values, keys, new OutputTopics(config),
                config.partitionIdleTimeout().toMillis(), KafkaInputLog.of(new StreamsConfig(
                        config.streamsProperties())));

        OrderEvents orders = new OrderEvents(config.getString(AggregatorConfig.ORDERS_TOPIC_CONFIG),
                config.getString(AggregatorConfig.ORDER_TIME_FIELD_CONFIG));
        inputs.<OrderEvent, SalesPartial>aggregate(SalesProcessor.NAME, orders,
                config.getBoolean(AggregatorConfig.ORDERS_REPARTITION_CONFIG), SalesPartials::new,
                SalesPartial.serde(), SalesProcessor.stores(), () -> new SalesProcessor(windows, ordersPartitions));

        ClickEvents clicks = new ClickEvents(config.getString(AggregatorConfig.CLICKS_TOPIC_CONFIG),
                config.getString(AggregatorConfig.CLICK_TIME_FIELD_CONFIG));
        inputs.<ClickEvent, ClickCounts>aggregate(ClicksProcessor.NAME, clicks,
                config.getBoolean(AggregatorConfig.CLICKS_REPARTITION_CONFIG), ClickPartials::new,
                ClickCounts.serde(), ClicksProcessor.stores(), () -> new ClicksProcessor(windows, clicksPartitions));
        return builder.build();
    }

    /** What both inputs' aggregations are built with. */
    private record Inputs(StreamsBuilder builder, TumblingWindows windows, ConverterSerde values, ConverterSerde keys,
                          OutputTopics outputs, long idleTimeoutMs, InputLog inputLog) {

        /**
         * Source, per-partition stage and final stage of one input, writing the final stage's results and the
         * partition stage's late events to the output topics each on its own: a merge would put both stages in one
         * sub-topology, whose tasks read the partials topic too, and lateness would be judged by a stream time that
         * other partitions' events had moved on.
         */
        <E, P> void aggregate(String name, EventType<E> type, boolean repartitionInput,
                              Function<OpenWindows.Durability, PartialAggregation<E, P>> partials,
                              Serde<P> partialSerde, List<StoreBuilder<?>> finalStores,
                              Supplier<WindowCloser<P>> finalStage) {
            // The input partition is the log of its open windows, unless it is a repartition topic, which Kafka
            // Streams purges up to the committed offset: then each member is also kept in a changelogged store.
            OpenWindows.Durability durability = repartitionInput ? OpenWindows.Durability.MIRRORED
                    : OpenWindows.Durability.REPLAY_INPUT;
            ConverterSerde inputValues = values.reading(type.fields());
            // A replay reads and times records with what the source reads and times them with.
            EventTimeExtractor times = new EventTimeExtractor(type.timeField());
            PartitionAggregator.Replay replay = repartitionInput ? null : new PartitionAggregator.Replay(inputLog,
                    inputValues.deserializer(), times);
            List<StoreBuilder<?>> partitionStores = new ArrayList<>(partials.apply(durability).stores());
            partitionStores.add(PartitionAggregator.progressStore(PartitionAggregator.progressStoreName(name)));
            partitionStores.forEach(builder::addStateStore);
            finalStores.forEach(builder::addStateStore);

            KStream<byte[], SchemaAndValue> input = builder.stream(type.topic(), Consumed.with(Serdes.ByteArray(),
                    inputValues).withTimestampExtractor(times)
                    .withName(name + "-source"));
            if (repartitionInput) {
                // The one repartition of raw events, for inputs not keyed by what must meet in one partition.
                input = input.selectKey((key, value) -> type.partitionKey(type.parse(value))
                                .getBytes(StandardCharsets.UTF_8), Named.as(name + "-partition-key"))
                        .repartition(Repartitioned.with(Serdes.ByteArray(), values).withName(name + "-by-key"));
            }
            KStream<String, Routed<P>> partitioned = input.process(() -> new PartitionAggregator<>(name, type,
                    partials.apply(durability), windows, idleTimeoutMs, replay), Named.as(name + "-partition"),
                    names(partitionStores));
            partitioned.filter((key, routed) -> routed instanceof Routed.Late, Named.as(name + "-late"))
                    .map((key, routed) -> {
                        Routed.Late<P> late = (Routed.Late<P>) routed;
                        return KeyValue.pair(late.key(), late.value());
                    }, Named.as(name + "-late-record"))
                    .to(outputs, Produced.with(keys, values).withName(name + "-late-out"));
            partitioned.filterNot((key, routed) -> routed instanceof Routed.Late, Named.as(name + "-on-time"))
                    .repartition(Repartitioned.with(Serdes.String(), Routed.serde(partialSerde))
                            .withName(name + "-partials").withStreamPartitioner(Routed.partitioner()))
                    .process(finalStage::get, Named.as(name), names(finalStores))
                    .to(outputs, Produced.with(keys, values).withName(name + "-out"));
        }

        private static String[] names(List<StoreBuilder<?>> stores) {
            return stores.stream().map(StoreBuilder::name).toArray(String[]::new);
        }
    }
}
