package io.rivulet.aggregator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.streams.StreamsConfig;

import io.rivulet.schemas.Topics;

/**
 * The aggregator's own settings. Every other key (bootstrap.servers, num.stream.threads, ...) goes to Kafka Streams
 * unchanged; keys under {@code converter.} configure the Connect converter that reads the inputs and writes the
 * outputs.
 */
public final class AggregatorConfig extends AbstractConfig {
    private static final String GROUP_TOPICS = "Topics";
    private static final String GROUP_WINDOWS = "Windows";
    private static final String GROUP_FORMAT = "Format";
    private static final String GROUP_OPERATIONS = "Operations";

    public static final String ORDERS_TOPIC_CONFIG = "input.orders.topic";
    public static final String CLICKS_TOPIC_CONFIG = "input.clicks.topic";
    public static final String SALES_TOPIC_CONFIG = "output.sales.topic";
    public static final String ACTIVE_USERS_TOPIC_CONFIG = "output.active.users.topic";
    public static final String FUNNEL_TOPIC_CONFIG = "output.funnel.topic";
    public static final String LATE_TOPIC_CONFIG = "output.late.topic";
    public static final String ERRORS_TOPIC_CONFIG = "errors.topic";
    public static final String TOPIC_PARTITIONS_CONFIG = "output.topic.partitions";
    public static final String TOPIC_REPLICATION_CONFIG = "output.topic.replication.factor";

    public static final String WINDOW_SIZE_CONFIG = "window.size.ms";
    public static final String WINDOW_GRACE_CONFIG = "window.grace.ms";

    public static final String PARTITION_IDLE_TIMEOUT_CONFIG = "partition.idle.timeout.ms";
    public static final String ORDERS_REPARTITION_CONFIG = "input.orders.repartition";
    public static final String CLICKS_REPARTITION_CONFIG = "input.clicks.repartition";

    public static final String CONVERTER_CLASS_CONFIG = "converter.class";
    public static final String CONVERTER_PREFIX = "converter.";
    public static final String ORDER_TIME_FIELD_CONFIG = "orders.time.field";
    public static final String CLICK_TIME_FIELD_CONFIG = "clicks.time.field";
    public static final String READY_FILE_CONFIG = "ready.file";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(ORDERS_TOPIC_CONFIG, Type.STRING, Topics.ORDERS_CREATED, new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Topic of Order records (v1 or v2).",
                    GROUP_TOPICS, 1, ConfigDef.Width.MEDIUM, "Orders topic")
            .define(CLICKS_TOPIC_CONFIG, Type.STRING, Topics.CLICKSTREAM_EVENTS, new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Topic of click events, with segment when RedisEnrich added it.",
                    GROUP_TOPICS, 2, ConfigDef.Width.MEDIUM, "Clicks topic")
            .define(SALES_TOPIC_CONFIG, Type.STRING, Topics.SALES_PER_MINUTE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Sales per window and currency.",
                    GROUP_TOPICS, 3, ConfigDef.Width.MEDIUM, "Sales topic")
            .define(ACTIVE_USERS_TOPIC_CONFIG, Type.STRING, Topics.ACTIVE_USERS_PER_MINUTE,
                    new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Exact distinct users per window, in all and per segment.",
                    GROUP_TOPICS, 4, ConfigDef.Width.MEDIUM, "Active users topic")
            .define(FUNNEL_TOPIC_CONFIG, Type.STRING, Topics.FUNNEL_PER_MINUTE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Distinct users per funnel stage and conversion per window.",
                    GROUP_TOPICS, 5, ConfigDef.Width.MEDIUM, "Funnel topic")
            .define(LATE_TOPIC_CONFIG, Type.STRING, Topics.LATE_EVENTS, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Input events that arrived after their window closed (window end plus grace), with the reason.",
                    GROUP_TOPICS, 6, ConfigDef.Width.MEDIUM, "Late events topic")
            .define(ERRORS_TOPIC_CONFIG, Type.STRING, Topics.AGGREGATOR_ERRORS, Importance.MEDIUM,
                    "Dead letter topic for input records that cannot be read or lack a required field; Kafka Streams "
                            + "adds the exception and the record's topic, partition and offset as headers. Empty: such "
                            + "a record stops the application instead.",
                    GROUP_TOPICS, 7, ConfigDef.Width.MEDIUM, "Dead letter topic")
            .define(TOPIC_PARTITIONS_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Partitions of output, late and error topics that the application creates at start when they are "
                            + "missing.",
                    GROUP_TOPICS, 8, ConfigDef.Width.SHORT, "Partitions of created topics")
            .define(TOPIC_REPLICATION_CONFIG, Type.SHORT, (short) -1, Importance.LOW,
                    "Replication factor of the topics it creates; -1 takes the broker's default.",
                    GROUP_TOPICS, 9, ConfigDef.Width.SHORT, "Replication of created topics")
            .define(WINDOW_SIZE_CONFIG, Type.LONG, 60_000L, ConfigDef.Range.atLeast(1000), Importance.HIGH,
                    "Tumbling window size in event time.", GROUP_WINDOWS, 1, ConfigDef.Width.SHORT, "Window size (ms)")
            .define(WINDOW_GRACE_CONFIG, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.HIGH,
                    "How long, in event time, a window stays open for out-of-order events after its end. Results are "
                            + "written once, when the window closes.",
                    GROUP_WINDOWS, 2, ConfigDef.Width.SHORT, "Grace (ms)")
            .define(PARTITION_IDLE_TIMEOUT_CONFIG, Type.LONG, 300_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "An input partition that receives no event for this long lets its time follow the wall clock, so "
                            + "it does not hold every window open (a window is written when all partitions have "
                            + "passed it). An event that then arrives for a window closed that way is late. 0: a quiet "
                            + "partition holds windows open until it receives events again.",
                    GROUP_WINDOWS, 3, ConfigDef.Width.SHORT, "Partition idle timeout (ms)")
            .define(ORDERS_REPARTITION_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Repartition orders by order id before aggregating. Leave false when the orders topic is keyed "
                            + "by customer or order id (as the HTTP source writes it): every copy of an order is then "
                            + "in one partition and each partition is aggregated where it is. Set true for an input "
                            + "keyed otherwise, or a redelivered order may count twice.",
                    GROUP_TOPICS, 10, ConfigDef.Width.SHORT, "Repartition orders")
            .define(CLICKS_REPARTITION_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Repartition clicks by user id before aggregating. Leave false when the clicks topic is keyed by "
                            + "user id (as the listener writes it): each user's clicks are then in one partition and "
                            + "distinct users add up exactly over partitions. Set true for an input keyed otherwise, "
                            + "or a user seen in two partitions counts twice.",
                    GROUP_TOPICS, 11, ConfigDef.Width.SHORT, "Repartition clicks")
            .define(CONVERTER_CLASS_CONFIG, Type.CLASS, "org.apache.kafka.connect.json.JsonConverter",
                    Importance.HIGH,
                    "Connect converter for input and output records, the same the workers use (e.g. an Avro converter "
                            + "with its registry settings under converter.).",
                    GROUP_FORMAT, 1, ConfigDef.Width.LONG, "Converter")
            .define(ORDER_TIME_FIELD_CONFIG, Type.STRING, "order_ts", new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Event-time field of orders (Timestamp, epoch ms or ISO-8601).",
                    GROUP_FORMAT, 2, ConfigDef.Width.SHORT, "Order time field")
            .define(CLICK_TIME_FIELD_CONFIG, Type.STRING, "timestamp", new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Event-time field of clicks.",
                    GROUP_FORMAT, 3, ConfigDef.Width.SHORT, "Click time field")
            .define(READY_FILE_CONFIG, Type.STRING, "", Importance.LOW,
                    "A file that exists while Kafka Streams is RUNNING (written on entering it, deleted on leaving "
                            + "it and at exit), for a readiness check such as Kubernetes' `test -f` exec probe. "
                            + "Empty: none.",
                    GROUP_OPERATIONS, 1, ConfigDef.Width.LONG, "Ready file");

    /** Streams settings the aggregator sets unless the configuration says otherwise. */
    // Under exactly-once the consumers read committed records only, and a fetch that finds none waits up to
    // fetch.max.wait.ms (500 ms) even when a transaction commits meanwhile: each hop through the repartition
    // topics would add up to that to a window's latency.
    // Every task of the topology reads one partition (an input partition, or one of the partials topic), so
    // max.task.idle.ms, which holds a task back until all its partitions have data, has nothing to order; left on,
    // Kafka Streams formats log lines for every idle task on every loop (a tenth of the thread's time in a profile).
    static final Map<String, Object> STREAMS_DEFAULTS = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, "rivulet-aggregator",
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100,
            StreamsConfig.consumerPrefix("fetch.max.wait.ms"), 50,
            StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);

    private final Map<String, Object> originals;

    public AggregatorConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props, false);
        this.originals = new HashMap<>(props);
        if (!originals.containsKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new ConfigException(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, null,
                    "Missing required setting (the Kafka brokers)");
        }
        if (!Converter.class.isAssignableFrom(getClass(CONVERTER_CLASS_CONFIG))) {
            throw new ConfigException(CONVERTER_CLASS_CONFIG, getClass(CONVERTER_CLASS_CONFIG).getName(),
                    "Not a Connect Converter");
        }
        if (windowGrace().compareTo(windowSize().multipliedBy(100)) > 0) {
            throw new ConfigException(WINDOW_GRACE_CONFIG, getLong(WINDOW_GRACE_CONFIG),
                    "Grace longer than 100 windows keeps too much state");
        }
    }

    public Duration windowSize() {
        return Duration.ofMillis(getLong(WINDOW_SIZE_CONFIG));
    }

    public Duration windowGrace() {
        return Duration.ofMillis(getLong(WINDOW_GRACE_CONFIG));
    }

    public Duration partitionIdleTimeout() {
        return Duration.ofMillis(getLong(PARTITION_IDLE_TIMEOUT_CONFIG));
    }

    /** Settings for the converter: the {@code converter.} keys without the prefix, except the class. */
    public Map<String, Object> converterConfig() {
        Map<String, Object> config = new HashMap<>(originalsWithPrefix(CONVERTER_PREFIX));
        config.remove("class");
        return config;
    }

    /** The Kafka Streams properties: every key that is not the aggregator's own, over the defaults. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.putAll(STREAMS_DEFAULTS);
        originals.forEach((key, value) -> {
            if (!CONFIG_DEF.names().contains(key) && !key.startsWith(CONVERTER_PREFIX)) {
                props.put(key, value);
            }
        });
        String errors = getString(ERRORS_TOPIC_CONFIG);
        if (!errors.isEmpty()) {
            props.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, errors);
            props.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
            props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                    "org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler");
        }
        return props;
    }
}
