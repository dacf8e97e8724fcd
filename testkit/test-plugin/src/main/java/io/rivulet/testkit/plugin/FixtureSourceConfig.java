package io.rivulet.testkit.plugin;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link FixtureSourceConnector}. */
public class FixtureSourceConfig extends AbstractConfig {
    private static final String GROUP = "Fixture";

    public static final String TOPIC_CONFIG = "topic";

    public static final String FILE_CONFIG = "fixture.file";

    public static final String SCHEMA_CONFIG = "fixture.schema";

    public static final String KEY_FIELD_CONFIG = "fixture.key.field";

    public static final String BATCH_SIZE_CONFIG = "batch.size";

    public static final String POLL_DELAY_MS_CONFIG = "poll.delay.ms";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                    "The topic the records are written to.", GROUP, 1, Width.MEDIUM, "Topic")
            .define(FILE_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                    "A file with one JSON object per line: the record values, in order.",
                    GROUP, 2, Width.LONG, "Fixture file")
            .define(SCHEMA_CONFIG, Type.STRING, "none", ValidString.in("order", "order-v2", "click", "none"),
                    Importance.MEDIUM,
                    "The value schema: 'order', 'order-v2' or 'click' (Structs shaped like the project's Avro schemas; "
                            + "timestamps are epoch millis in the file), or 'none' for schemaless maps.",
                    GROUP, 3, Width.SHORT, "Value schema")
            .define(KEY_FIELD_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "The value field whose text becomes the record key; empty: no key.",
                    GROUP, 4, Width.SHORT,
                    "Key field")
            .define(BATCH_SIZE_CONFIG, Type.INT, 50, Range.atLeast(1), Importance.LOW,
                    "The largest number of records one poll returns.",
                    GROUP, 5,
                    Width.SHORT, "Batch size")
            .define(POLL_DELAY_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
                    "A pause before each batch, to spread records over time.",
                    GROUP, 6, Width.SHORT, "Poll delay (ms)");

    public FixtureSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }
}
