package io.rivulet.connect.jdbc;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import io.rivulet.common.ConfigEnums;
import io.rivulet.common.CrossChecks;
import io.rivulet.connect.jdbc.dialect.DatabaseDialects;
import io.rivulet.common.ReadCommittedCheck;
import io.rivulet.common.TopicNameFormat;

/** Settings of the JDBC sink; key names follow the common JDBC sinks. */
public class JdbcSinkConfig extends AbstractConfig {
    private static final String GROUP_CONNECTION = "Connection";
    private static final String GROUP_WRITES = "Writes";
    private static final String GROUP_TABLES = "Tables";
    private static final String GROUP_RETRIES = "Retries";

    public static final String CONNECTION_URL_CONFIG = "connection.url";
    public static final String CONNECTION_USER_CONFIG = "connection.user";
    public static final String CONNECTION_PASSWORD_CONFIG = "connection.password";

    public static final String INSERT_MODE_CONFIG = "insert.mode";
    public static final String PK_MODE_CONFIG = "primary.key.mode";
    public static final String PK_FIELDS_CONFIG = "primary.key.fields";
    public static final String DELETE_ENABLED_CONFIG = "delete.enabled";
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final String FLUSH_INTERVAL_CONFIG = "flush.interval.ms";
    public static final String WRITE_METHOD_CONFIG = "write.method";

    public static final String TABLE_NAME_FORMAT_CONFIG = "table.name.format";
    public static final String TABLE_SCHEMA_CONFIG = "table.schema";
    public static final String AUTO_CREATE_CONFIG = "auto.create";
    public static final String AUTO_EVOLVE_CONFIG = "auto.evolve";

    public static final String MAX_RETRIES_CONFIG = "max.retries";
    public static final String RETRY_BACKOFF_CONFIG = "retry.backoff.ms";

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(CONNECTION_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                "JDBC URL of the database, e.g. jdbc:postgresql://db:5432/analytics. The dialect follows from it "
                        + "(PostgreSQL for now).",
                GROUP_CONNECTION, ++order, Width.LONG, "JDBC URL");
        def.define(CONNECTION_USER_CONFIG, Type.STRING, "", Importance.HIGH, "Database user.",
                GROUP_CONNECTION, ++order, Width.MEDIUM, "User");
        def.define(CONNECTION_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH,
                "Database password (hidden in the REST API and logs; a config provider reference such as "
                        + "${file:/secrets/db.properties:password} works).",
                GROUP_CONNECTION, ++order, Width.MEDIUM, "Password");
        order = 0;
        def.define(INSERT_MODE_CONFIG, Type.STRING, "upsert", ConfigEnums.validator(InsertMode.class),
                Importance.HIGH,
                "insert: plain INSERT (a repeated key fails); upsert: INSERT ... ON CONFLICT (primary key) DO UPDATE, "
                        + "so replays write the same rows again; update: UPDATE rows by key, missing rows are not "
                        + "created.",
                GROUP_WRITES, ++order, Width.SHORT, "Insert mode", ConfigEnums.recommender(InsertMode.class));
        def.define(PK_MODE_CONFIG, Type.STRING, "record_key", ConfigEnums.validator(PrimaryKeyMode.class),
                Importance.HIGH,
                "Where the primary key comes from: none; kafka (columns __connect_topic, __connect_partition, "
                        + "__connect_offset); record_key (the key's fields, or the key itself as one column); "
                        + "record_value (fields of the value).",
                GROUP_WRITES, ++order, Width.SHORT, "Primary key mode", ConfigEnums.recommender(PrimaryKeyMode.class));
        def.define(PK_FIELDS_CONFIG, Type.LIST, "", Importance.MEDIUM,
                "Primary key columns: for record_value the value fields (required); for record_key a subset of the "
                        + "key's fields, or the column name of a primitive key (default __connect_key); for kafka the "
                        + "three column names.",
                GROUP_WRITES, ++order, Width.LONG, "Primary key fields");
        def.define(DELETE_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                "Delete the row whose key a tombstone (null value) carries; needs primary.key.mode=record_key. Off: "
                        + "tombstones are skipped.",
                GROUP_WRITES,
                ++order, Width.SHORT, "Delete on tombstone");
        def.define(BATCH_SIZE_CONFIG, Type.INT, 10_000, ConfigDef.Range.between(1, 1_000_000), Importance.MEDIUM,
                "Rows buffered, across put() calls, before a flush; a flush writes every buffered table in one "
                        + "transaction.",
                GROUP_WRITES, ++order, Width.SHORT, "Batch size");
        def.define(FLUSH_INTERVAL_CONFIG, Type.LONG, 1_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "Flush buffered rows at the latest this long after the first of them arrived; Connect's offset commit "
                        + "(preCommit) also flushes.",
                GROUP_WRITES, ++order, Width.SHORT, "Flush interval (ms)");
        def.define(WRITE_METHOD_CONFIG, Type.STRING, "copy", ConfigEnums.validator(WriteMethod.class),
                Importance.LOW,
                "copy: COPY the batch into a temporary table, then merge it into the table with one statement; unnest: "
                        + "one INSERT ... SELECT FROM UNNEST(array per column).",
                GROUP_WRITES, ++order, Width.SHORT, "Write method", ConfigEnums.recommender(WriteMethod.class));
        order = 0;
        def.define(TABLE_NAME_FORMAT_CONFIG, Type.STRING, "${topic.last}", new ConfigDef.NonEmptyString(),
                Importance.MEDIUM,
                "Table name from the topic: ${topic} is the whole topic, ${topic.last} the part after its last dot "
                        + "(analytics.sales_per_minute -> sales_per_minute). Names are quoted, never spliced into SQL "
                        + "unquoted.",
                GROUP_TABLES, ++order, Width.MEDIUM, "Table name format");
        def.define(TABLE_SCHEMA_CONFIG, Type.STRING, "public", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                "Database schema of the tables.", GROUP_TABLES, ++order, Width.SHORT, "Database schema");
        def.define(AUTO_CREATE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                "Create a missing table from the record schema (Timestamp -> timestamptz, Decimal -> numeric, optional "
                        + "-> nullable) with the primary key.",
                GROUP_TABLES,
                ++order, Width.SHORT, "Auto create");
        def.define(AUTO_EVOLVE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                "Add a column, nullable, for a new optional field of the record schema (e.g. Order v2's promo_code).",
                GROUP_TABLES,
                ++order, Width.SHORT, "Auto evolve");
        order = 0;
        def.define(MAX_RETRIES_CONFIG, Type.INT, 10, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "How often a flush that failed on a transient error (connection lost, serialization failure, deadlock) "
                        + "is retried, reconnecting first, before the task fails.",
                GROUP_RETRIES, ++order, Width.SHORT, "Max retries");
        def.define(RETRY_BACKOFF_CONFIG, Type.LONG, 500L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "Wait before the first retry; doubles each time, with jitter, up to 30 s.",
                GROUP_RETRIES, ++order, Width.SHORT, "Retry backoff (ms)");
        return def;
    }

    public JdbcSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public InsertMode insertMode() {
        return ConfigEnums.parse(InsertMode.class, INSERT_MODE_CONFIG, getString(INSERT_MODE_CONFIG));
    }

    public PrimaryKeyMode pkMode() {
        return ConfigEnums.parse(PrimaryKeyMode.class, PK_MODE_CONFIG, getString(PK_MODE_CONFIG));
    }

    public WriteMethod writeMethod() {
        return ConfigEnums.parse(WriteMethod.class, WRITE_METHOD_CONFIG, getString(WRITE_METHOD_CONFIG));
    }

    public List<String> pkFields() {
        return getList(PK_FIELDS_CONFIG);
    }

    public String password() {
        Password password = getPassword(CONNECTION_PASSWORD_CONFIG);
        return password == null ? "" : password.value();
    }

    public Duration flushInterval() {
        return Duration.ofMillis(getLong(FLUSH_INTERVAL_CONFIG));
    }

    /** Checks that need several keys: reported per key by the connector's validate(). */
    public Map<String, List<String>> crossChecks() {
        Map<String, List<String>> errors = new HashMap<>();
        if (DatabaseDialects.providerFor(getString(CONNECTION_URL_CONFIG)).isEmpty()) {
            CrossChecks.report(errors, CONNECTION_URL_CONFIG,
                    DatabaseDialects.unsupported(getString(CONNECTION_URL_CONFIG)));
        }
        PrimaryKeyMode pkMode = pkMode();
        if (insertMode() != InsertMode.INSERT && pkMode == PrimaryKeyMode.NONE) {
            CrossChecks.report(errors, PK_MODE_CONFIG,
                    "insert.mode=" + ConfigEnums.name(insertMode()) + " needs a primary key, not none");
        }
        if (pkMode == PrimaryKeyMode.RECORD_VALUE && pkFields().isEmpty()) {
            CrossChecks.report(errors, PK_FIELDS_CONFIG,
                    "primary.key.mode=record_value needs the value fields of the key");
        }
        if (pkMode == PrimaryKeyMode.KAFKA && !pkFields().isEmpty() && pkFields().size() != 3) {
            CrossChecks.report(errors, PK_FIELDS_CONFIG,
                    "primary.key.mode=kafka takes three column names (topic, partition, "
                    + "offset), not " + pkFields().size());
        }
        List<String> fields = pkFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).isBlank()) {
                CrossChecks.report(errors, PK_FIELDS_CONFIG, "entry " + (i + 1) + " is empty");
            } else if (fields.indexOf(fields.get(i)) < i) {
                CrossChecks.report(errors, PK_FIELDS_CONFIG, "'" + fields.get(i) + "' is named twice");
            }
        }
        if (pkMode == PrimaryKeyMode.NONE && !fields.isEmpty()) {
            CrossChecks.report(errors, PK_FIELDS_CONFIG, "primary.key.mode=none takes no fields, not " + fields);
        }
        if (getBoolean(DELETE_ENABLED_CONFIG) && pkMode != PrimaryKeyMode.RECORD_KEY) {
            CrossChecks.report(errors, DELETE_ENABLED_CONFIG, "delete.enabled needs primary.key.mode=record_key");
        }
        ReadCommittedCheck.check(originals(), errors); // exactly-once results: see the class
        String format = getString(TABLE_NAME_FORMAT_CONFIG);
        String unknown = TopicNameFormat.unknownVariable(format);
        if (unknown != null) {
            CrossChecks.report(errors, TABLE_NAME_FORMAT_CONFIG, TopicNameFormat.unknownVariableMessage(unknown));
        }
        return errors;
    }
}
