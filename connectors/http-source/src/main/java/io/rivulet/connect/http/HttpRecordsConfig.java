package io.rivulet.connect.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Schema;

import io.rivulet.common.CrossChecks;
import io.rivulet.schemas.AvroSchemaConverter;

/**
 * What the pull and the listener connector share: the topic and how JSON becomes records (schema, key, event time,
 * invalid topic). Each connector's config composes {@link #baseConfigDef} with its own keys, as Mirror's configs
 * compose a base definition.
 */
public abstract class HttpRecordsConfig extends AbstractConfig {
    static final String RECORD_GROUP = "Records";

    public static final String ENDPOINT_VARIABLE = "{endpoint}";
    public static final String TOPIC_CONFIG = "topic";

    public static final String SCHEMA_FILE_CONFIG = "record.schema.file";
    public static final String SCHEMA_INLINE_CONFIG = "record.schema.inline";
    public static final String KEY_POINTER_CONFIG = "record.key.pointer";
    public static final String TIMESTAMP_POINTER_CONFIG = "record.timestamp.pointer";
    public static final String INVALID_SUFFIX_CONFIG = "invalid.topic.suffix";
    public static final String TIMESTAMP_MAX_AHEAD_CONFIG = "record.timestamp.max.ahead.ms";

    /** The shared keys, with the topic described as {@code topicDoc} says (in {@code topicGroup}). */
    static ConfigDef baseConfigDef(String topicDoc, String topicGroup) {
        return new ConfigDef()
                .define(TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(),
                        Importance.HIGH, topicDoc, topicGroup, 0, Width.MEDIUM, "Topic")
                .define(SCHEMA_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM,
                        "An Avro schema (.avsc) the records are converted to (as Connect Structs, timestamp-millis as "
                                + "Connect Timestamp). Empty, and no inline schema: schemaless records.",
                        RECORD_GROUP, 1,
                        Width.LONG, "Schema file")
                .define(SCHEMA_INLINE_CONFIG, Type.STRING, "", Importance.MEDIUM,
                        "The Avro schema as JSON text, instead of a file.",
                        RECORD_GROUP,
                        2, Width.LONG, "Inline schema")
                .define(KEY_POINTER_CONFIG, Type.STRING, "", new JsonPointerValidator(), Importance.MEDIUM,
                        "JSON Pointer, within a record, to the value used as the record key (as text), e.g. "
                                + "/customer_id; empty: no key.",
                        RECORD_GROUP, 3, Width.MEDIUM, "Key pointer")
                .define(TIMESTAMP_POINTER_CONFIG, Type.STRING, "", new JsonPointerValidator(), Importance.MEDIUM,
                        "JSON Pointer, within a record, to its event time (epoch milliseconds or ISO-8601), used as "
                                + "the Kafka record timestamp; empty: the time it was read.",
                        RECORD_GROUP, 4, Width.MEDIUM, "Timestamp pointer")
                .define(INVALID_SUFFIX_CONFIG, Type.STRING, ".invalid", new NonEmptyString(), Importance.LOW,
                        "A record that does not fit the schema goes, as JSON text, to the topic plus this suffix, with "
                                + "headers naming the field and the reason (as the Validate transform does).",
                        RECORD_GROUP, 5, Width.SHORT, "Invalid topic suffix")
                .define(TIMESTAMP_MAX_AHEAD_CONFIG, Type.LONG, 3_600_000L, Range.atLeast(0), Importance.LOW,
                        "The furthest an event time may lie ahead of the clock. An event time beyond it, negative "
                                + "or not representable would be refused by the broker (its "
                                + "log.message.timestamp.after.max.ms is one hour by default) and fail the task, so "
                                + "such a record goes to the invalid topic instead, stamped with the time it was read, "
                                + "its event time in the rivulet.error.value header. Keep it at most the broker's.",
                        RECORD_GROUP, 6, Width.SHORT, "Event time at most ahead (ms)");
    }

    protected HttpRecordsConfig(ConfigDef definition, Map<String, String> props) {
        super(definition, props);
    }

    /** Checks that need several keys or the file system; errors per key, for validate() and for start(). */
    public abstract Map<String, List<String>> crossChecks();

    /** How this connector's JSON becomes records. */
    public RecordFactory recordFactory() {
        return new RecordFactory(recordSchema(), getString(KEY_POINTER_CONFIG), getString(TIMESTAMP_POINTER_CONFIG),
                getString(INVALID_SUFFIX_CONFIG), getLong(TIMESTAMP_MAX_AHEAD_CONFIG));
    }

    /** The connector's name, as Connect passes it to each task: labels the task's metrics. */
    public String connectorName() {
        Object name = originals().get("name");
        return name == null ? "" : name.toString();
    }

    public String password(String key) {
        Password password = getPassword(key);
        return password == null ? "" : password.value();
    }

    /** The record schema, or null for schemaless records. */
    public Schema recordSchema() {
        String avsc = avscText();
        return avsc == null ? null : AvroSchemaConverter.toConnect(AvroSchemaConverter.parse(avsc));
    }

    private String avscText() {
        String inline = getString(SCHEMA_INLINE_CONFIG);
        String file = getString(SCHEMA_FILE_CONFIG);
        if (!inline.isBlank()) {
            return inline;
        }
        if (file.isBlank()) {
            return null;
        }
        try {
            return Files.readString(Paths.get(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(SCHEMA_FILE_CONFIG, file, "cannot be read: " + e);
        }
    }

    /** The shared keys' checks: one schema, readable, a record. */
    protected Map<String, List<String>> recordChecks() {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (!getString(SCHEMA_INLINE_CONFIG).isBlank() && !getString(SCHEMA_FILE_CONFIG).isBlank()) {
            CrossChecks.report(errors, SCHEMA_INLINE_CONFIG, "give the schema inline or as a file, not both");
        } else {
            String key = getString(SCHEMA_INLINE_CONFIG).isBlank() ? SCHEMA_FILE_CONFIG : SCHEMA_INLINE_CONFIG;
            try {
                Schema schema = recordSchema();
                if (schema != null && schema.type() != Schema.Type.STRUCT) {
                    CrossChecks.report(errors, key, "the schema must be an Avro record");
                }
            } catch (ConfigException | IllegalArgumentException e) {
                CrossChecks.report(errors, key, e.getMessage());
            }
        }
        return errors;
    }
}
