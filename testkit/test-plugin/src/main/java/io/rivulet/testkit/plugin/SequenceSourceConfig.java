package io.rivulet.testkit.plugin;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link SequenceSourceConnector}. */
public class SequenceSourceConfig extends AbstractConfig {
    private static final String GROUP = "Sequence";

    public static final String TOPIC_CONFIG = "topic";

    public static final String COUNT_CONFIG = "sequence.count";
    public static final long COUNT_DEFAULT = 100L;

    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final int BATCH_SIZE_DEFAULT = 10;

    public static final String VALUE_CONFIG = "sequence.value";

    public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";
    public static final long POLL_INTERVAL_MS_DEFAULT = 200L;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                    "The topic the sequence is written to.", GROUP, 1, Width.MEDIUM, "Topic")
            .define(COUNT_CONFIG, Type.LONG, COUNT_DEFAULT, Range.atLeast(0), Importance.MEDIUM,
                    "How many records the sequence has: positions 0 to count-1. Once they are written the task idles "
                            + "until its offsets are reset.",
                    GROUP, 2, Width.SHORT, "Records")
            .define(BATCH_SIZE_CONFIG, Type.INT, BATCH_SIZE_DEFAULT, Range.atLeast(1), Importance.LOW,
                    "The largest number of records one poll returns.", GROUP, 3, Width.SHORT, "Batch size")
            .define(POLL_INTERVAL_MS_CONFIG, Type.LONG, POLL_INTERVAL_MS_DEFAULT, Range.atLeast(1), Importance.LOW,
                    "How long a poll waits when the sequence is exhausted.",
                    GROUP, 4, Width.SHORT, "Idle poll interval (ms)")
            .define(VALUE_CONFIG, Type.STRING, "text", ConfigDef.ValidString.in("text", "order"), Importance.LOW,
                    "What position N writes: 'text' (key-N -> record-N, strings) or 'order' (an order-v2 Struct "
                            + "shaped like the shop simulator's sample order N, keyed by its customer_id), made in "
                            + "memory: a trivial source of the pull connector's records.",
                    GROUP, 5, Width.SHORT, "Value");

    public SequenceSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public long count() {
        return getLong(COUNT_CONFIG);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE_CONFIG);
    }

    public boolean orders() {
        return "order".equals(getString(VALUE_CONFIG));
    }

    public long pollIntervalMs() {
        return getLong(POLL_INTERVAL_MS_CONFIG);
    }
}
