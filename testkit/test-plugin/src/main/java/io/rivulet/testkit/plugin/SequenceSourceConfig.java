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
    private static final String TOPIC_DOC = "The topic the sequence is written to.";

    public static final String COUNT_CONFIG = "sequence.count";
    private static final String COUNT_DOC = "How many records the sequence has: positions 0 to count-1. "
            + "Once they are written the task idles until its offsets are reset.";
    public static final long COUNT_DEFAULT = 100L;

    public static final String BATCH_SIZE_CONFIG = "batch.size";
    private static final String BATCH_SIZE_DOC = "The largest number of records one poll returns.";
    public static final int BATCH_SIZE_DEFAULT = 10;

    public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";
    private static final String POLL_INTERVAL_MS_DOC = "How long a poll waits when the sequence is exhausted.";
    public static final long POLL_INTERVAL_MS_DEFAULT = 200L;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                    TOPIC_DOC, GROUP, 1, Width.MEDIUM, "Topic")
            .define(COUNT_CONFIG, Type.LONG, COUNT_DEFAULT, Range.atLeast(0), Importance.MEDIUM,
                    COUNT_DOC, GROUP, 2, Width.SHORT, "Records")
            .define(BATCH_SIZE_CONFIG, Type.INT, BATCH_SIZE_DEFAULT, Range.atLeast(1), Importance.LOW,
                    BATCH_SIZE_DOC, GROUP, 3, Width.SHORT, "Batch size")
            .define(POLL_INTERVAL_MS_CONFIG, Type.LONG, POLL_INTERVAL_MS_DEFAULT, Range.atLeast(1), Importance.LOW,
                    POLL_INTERVAL_MS_DOC, GROUP, 4, Width.SHORT, "Idle poll interval (ms)");

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

    public long pollIntervalMs() {
        return getLong(POLL_INTERVAL_MS_CONFIG);
    }
}
