package io.rivulet.transforms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.Headers;

import io.rivulet.common.ConfigPlaceholders;
import io.rivulet.common.ErrorHeaders;
import io.rivulet.transforms.enrich.FieldMapping;
import io.rivulet.transforms.enrich.ProfileLookup;
import io.rivulet.transforms.enrich.ProfileSource;
import io.rivulet.transforms.enrich.ProfileSourceException;
import io.rivulet.transforms.enrich.RedisProfileSource;
import io.rivulet.transforms.enrich.SchemaExtender;
import io.rivulet.transforms.util.RecordDescription;

/**
 * Adds fields from a Redis hash to each record value, e.g. the user's {@code segment} from {@code user:{user_id}},
 * through an in-memory cache. Works on {@code Struct} values (the schema gains optional string fields, derived once
 * per source schema) and schemaless maps; tombstones and records already routed as invalid pass unchanged.
 */
public class RedisEnrich<R extends ConnectRecord<R>> extends MeteredTransformation<R> {
    public static final String OVERVIEW_DOC = "Adds fields from a Redis hash (e.g. the user's segment from "
            + "user:{user_id}) to each record value, through a bounded in-memory cache with a time to live.";

    private final Function<RedisEnrichConfig, ProfileSource> sourceFactory;
    private String keyTemplate;
    private String[] hashFields;
    private String[] recordFields;
    private String defaultValue;
    private OnMiss onMiss;
    private boolean failOnError;
    private ProfileLookup profiles;
    private SchemaExtender schemas;
    private RedisEnrichMetrics metrics;

    public RedisEnrich() {
        this(config -> new RedisProfileSource(config.uri(), config.username(), config.password(),
                config.timeoutMs(), config.poolSize()));
    }

    /** For tests: profiles from somewhere other than Redis. */
    RedisEnrich(Function<RedisEnrichConfig, ProfileSource> sourceFactory) {
        this.sourceFactory = sourceFactory;
    }

    @Override
    public void configure(Map<String, ?> props) {
        ConfigPlaceholders.requireNone("RedisEnrich", props); // before a literal reference fails to parse
        RedisEnrichConfig config = new RedisEnrichConfig(props);
        keyTemplate = config.getString(RedisEnrichConfig.KEY_TEMPLATE_CONFIG);
        List<FieldMapping> fields = config.fields();
        hashFields = fields.stream().map(FieldMapping::hashField).toArray(String[]::new);
        recordFields = fields.stream().map(FieldMapping::recordField).toArray(String[]::new);
        defaultValue = config.defaultValue();
        onMiss = config.onMiss();
        failOnError = config.onError() == OnError.FAIL;
        profiles = new ProfileLookup(sourceFactory.apply(config), config.keyTemplate(), hashFields,
                config.cacheMaxEntries(), config.cacheTtl());
        schemas = new SchemaExtender(List.of(recordFields));
        metrics = new RedisEnrichMetrics(profiles);
        registerMetrics("RedisEnrich", config.metricsName(), metrics);
    }

    @Override
    public R apply(R record) {
        Object value = record.value();
        if (value == null || ErrorHeaders.alreadyInvalid(record)) {
            return record;
        }
        if (!(value instanceof Struct) && !(value instanceof Map)) {
            throw new DataException("RedisEnrich needs a Struct or Map value, but the record in "
                    + RecordDescription.of(record) + " has " + value.getClass().getSimpleName());
        }
        Object keyArguments = profiles.arguments(value);
        String[] found;
        String lookupError = null;
        if (keyArguments == null) {
            found = new String[hashFields.length];
        } else {
            try {
                found = profiles.fetch(keyArguments);
            } catch (ProfileSourceException e) {
                if (failOnError) {
                    throw new RetriableException("RedisEnrich could not look up " + profiles.key(keyArguments)
                            + " for the record in " + RecordDescription.of(record) + ": " + e.getMessage(), e);
                }
                metrics.failed();
                lookupError = e.getMessage();
                found = new String[hashFields.length];
            }
        }
        String[] written = lookupError != null ? defaults() : resolveMisses(record, keyArguments, found);
        R enriched = value instanceof Struct
                ? withStruct(record, (Struct) value, written) : withMap(record, (Map<?, ?>) value, written);
        if (lookupError != null) {
            Headers headers = enriched.headers();
            headers.remove(ErrorHeaders.ENRICH_ERROR);
            headers.addString(ErrorHeaders.ENRICH_ERROR, lookupError);
        }
        return enriched;
    }

    /** Applies on.miss to missing values; returns the values to write. */
    private String[] resolveMisses(R record, Object keyArguments, String[] found) {
        boolean missed = false;
        String[] values = found;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                if (!missed) {
                    values = values.clone(); // cached arrays are shared
                    missed = true;
                }
                values[i] = missValue(record, keyArguments, i);
            }
        }
        if (missed) {
            metrics.missed();
        } else {
            metrics.enriched();
        }
        return values;
    }

    private String missValue(R record, Object keyArguments, int field) {
        switch (onMiss) {
            case NULL:
                return null;
            case FAIL:
                throw new DataException(keyArguments == null
                        ? "RedisEnrich cannot build key " + keyTemplate + " for the record in "
                                + RecordDescription.of(record) + ": a field it names is missing"
                        : "RedisEnrich found no '" + hashFields[field] + "' in " + profiles.key(keyArguments)
                                + " for the record in "
                                + RecordDescription.of(record));
            default:
                return defaultValue;
        }
    }

    private String[] defaults() {
        String[] values = new String[hashFields.length];
        java.util.Arrays.fill(values, defaultValue);
        return values;
    }

    private R withStruct(R record, Struct value, String[] written) {
        SchemaExtender.Extended extended = schemas.extend(value.schema());
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                extended.schema(), extended.copy(value, written), record.timestamp());
    }

    private R withMap(R record, Map<?, ?> value, String[] written) {
        Map<Object, Object> out = new HashMap<>(value);
        for (int i = 0; i < recordFields.length; i++) {
            out.put(recordFields[i], written[i]);
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                null, out, record.timestamp());
    }

    @Override
    public ConfigDef config() {
        return RedisEnrichConfig.CONFIG_DEF;
    }

    @Override
    protected void closeResources() {
        if (profiles != null) {
            profiles.close();
            profiles = null;
        }
    }

    RedisEnrichMetricsMXBean metrics() {
        return metrics;
    }
}
