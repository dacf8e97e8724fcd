package io.rivulet.connect.druid;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import io.rivulet.common.CrossChecks;
import io.rivulet.common.ReadCommittedCheck;
import io.rivulet.common.TopicNameFormat;

/** Settings of the Druid sink. */
public class DruidSinkConfig extends AbstractConfig {
    private static final String GROUP_DRUID = "Druid";
    private static final String GROUP_DATA = "Data";

    public static final String OVERLORD_URL_CONFIG = "druid.overlord.url";
    public static final String AUTH_USER_CONFIG = "druid.auth.user";
    public static final String AUTH_PASSWORD_CONFIG = "druid.auth.password";
    public static final String TASK_TIMEOUT_CONFIG = "druid.task.timeout.ms";
    public static final String TASK_ATTEMPTS_CONFIG = "druid.task.max.attempts";
    public static final String TASK_MAX_ROWS_CONFIG = "druid.task.max.rows";

    public static final String FLUSH_INTERVAL_CONFIG = "druid.flush.interval.ms";

    public static final String DATASOURCE_FORMAT_CONFIG = "druid.datasource.format";
    public static final String TIMESTAMP_FIELD_CONFIG = "druid.timestamp.field";
    public static final String SEGMENT_GRANULARITY_CONFIG = "druid.segment.granularity";
    public static final String DIMENSIONS_CONFIG = "druid.dimensions";
    public static final String RETENTION_CONFIG = "druid.interval.retention.ms";

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(OVERLORD_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                "Base URL of the Overlord (or a Coordinator acting as Overlord) that takes ingestion tasks at "
                        + "/druid/indexer/v1/task, e.g. http://druid-coordinator:8081.",
                GROUP_DRUID, ++order, Width.LONG, "Overlord URL");
        def.define(AUTH_USER_CONFIG, Type.STRING, "", Importance.MEDIUM,
                "User for HTTP basic authentication; empty for none.",
                GROUP_DRUID, ++order, Width.MEDIUM, "User");
        def.define(AUTH_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
                "Password for HTTP basic authentication.",
                GROUP_DRUID,
                ++order, Width.MEDIUM, "Password");
        def.define(TASK_TIMEOUT_CONFIG, Type.LONG, 300_000L, ConfigDef.Range.atLeast(1000), Importance.LOW,
                "How long to wait for one ingestion task to succeed.",
                GROUP_DRUID, ++order, Width.SHORT, "Task timeout (ms)");
        def.define(TASK_ATTEMPTS_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.LOW,
                "How often a failed ingestion task is submitted before the connector task fails with the Druid task id "
                        + "and its error.",
                GROUP_DRUID, ++order, Width.SHORT, "Task attempts");
        def.define(TASK_MAX_ROWS_CONFIG, Type.INT, 20_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                "Rows per ingestion task: a flush whose changed time chunks hold more is split into several tasks, "
                        + "each with every row of the chunks it replaces (a chunk is never split). Keeps task payloads "
                        + "small: the inline rows travel in the task spec.",
                GROUP_DRUID, ++order, Width.SHORT, "Rows per task");
        def.define(FLUSH_INTERVAL_CONFIG, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "Write changed time chunks at least this often (Connect's offset commit writes them too).",
                GROUP_DRUID, ++order, Width.SHORT, "Flush interval (ms)");
        order = 0;
        def.define(DATASOURCE_FORMAT_CONFIG, Type.STRING, "${topic.last}", new ConfigDef.NonEmptyString(),
                Importance.MEDIUM,
                "Datasource name from the topic: ${topic} or ${topic.last} (the part after the last dot).",
                GROUP_DATA, ++order, Width.MEDIUM, "Datasource format");
        def.define(TIMESTAMP_FIELD_CONFIG, Type.STRING, "window_start", new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                "Value field that becomes __time (a Connect Timestamp or epoch milliseconds); the aggregator's "
                        + "window_start by default.",
                GROUP_DATA, ++order, Width.MEDIUM, "Timestamp field");
        def.define(SEGMENT_GRANULARITY_CONFIG, Type.STRING, "minute", ConfigDef.CaseInsensitiveValidString.in(
                "minute", "fifteen_minute", "hour", "day"), Importance.MEDIUM,
                "Time chunk that each flush overwrites whole: every row of a chunk the sink has seen is written again "
                        + "when the chunk changes. Matches the aggregator's window (minute) by default, which keeps "
                        + "rewrites small.",
                GROUP_DATA,
                ++order, Width.SHORT, "Segment granularity");
        def.define(DIMENSIONS_CONFIG, Type.LIST, "", Importance.MEDIUM,
                "Fields stored as columns (typed long, double or string from the schema); empty for every field of the "
                        + "value but the timestamp field.",
                GROUP_DATA, ++order, Width.LONG, "Dimensions");
        def.define(RETENTION_CONFIG, Type.LONG, 3_600_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "How long, in event time, the rows of a time chunk stay in the task's memory after every assigned "
                        + "partition has passed the chunk's end. Offsets are committed only up to the first record of "
                        + "a chunk still held, so a restarted task reads every row of a chunk it may still rewrite.",
                GROUP_DATA, ++order, Width.SHORT, "Interval retention (ms)");
        return def;
    }

    public DruidSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    /** The length of one time chunk in milliseconds. */
    public long chunkMs() {
        switch (getString(SEGMENT_GRANULARITY_CONFIG).toLowerCase(Locale.ROOT)) {
            case "fifteen_minute":
                return 15 * 60_000L;
            case "hour":
                return 3_600_000L;
            case "day":
                return 86_400_000L;
            default:
                return 60_000L;
        }
    }

    public String password() {
        Password password = getPassword(AUTH_PASSWORD_CONFIG);
        return password == null ? "" : password.value();
    }

    public String datasource(String topic) {
        return TopicNameFormat.apply(getString(DATASOURCE_FORMAT_CONFIG), topic);
    }

    Map<String, List<String>> crossChecks() {
        Map<String, List<String>> errors = new HashMap<>();
        try {
            URI uri = URI.create(getString(OVERLORD_URL_CONFIG));
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                CrossChecks.report(errors, OVERLORD_URL_CONFIG, "not an http(s) URL");
            } else if (uri.getRawUserInfo() != null) {
                // never sent by the HTTP client, and Connect logs a STRING setting in full at start
                CrossChecks.report(errors, OVERLORD_URL_CONFIG, "carries credentials before its host "
                        + "('user:password@'), which are never sent and would be logged in full: use "
                        + AUTH_USER_CONFIG + " and " + AUTH_PASSWORD_CONFIG + " (through a config provider)");
            }
        } catch (IllegalArgumentException e) {
            CrossChecks.report(errors, OVERLORD_URL_CONFIG, "not a URL"); // the message would echo it
        }
        ReadCommittedCheck.check(originals(), errors); // exactly-once results: see the class
        String unknown = TopicNameFormat.unknownVariable(getString(DATASOURCE_FORMAT_CONFIG));
        if (unknown != null) {
            CrossChecks.report(errors, DATASOURCE_FORMAT_CONFIG, TopicNameFormat.unknownVariableMessage(unknown));
        }
        return errors;
    }
}
