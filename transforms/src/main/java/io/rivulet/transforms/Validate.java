package io.rivulet.transforms;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.common.ConfigPlaceholders;
import io.rivulet.common.ErrorHeaders;
import io.rivulet.transforms.rules.Rule;
import io.rivulet.transforms.rules.Violation;
import io.rivulet.transforms.util.RecordDescription;
import io.rivulet.transforms.util.ThrottledLog;

/**
 * Checks business rules on a record's value ({@code Validate$Value}) or key ({@code Validate$Key}), with or without
 * a schema, and routes, drops or fails on a record that breaks one. Records without a value (tombstones), or
 * without a key for {@code Validate$Key}, pass unchanged, as do records already routed as invalid by an earlier
 * step (they carry {@code rivulet.error.rule}).
 */
public abstract class Validate<R extends ConnectRecord<R>> extends MeteredTransformation<R> {
    public static final String OVERVIEW_DOC = "Checks business rules such as 'order_id not_blank; total_amount > 0' "
            + "on each record. A record that breaks one is routed unchanged to '<topic>.invalid' with headers naming "
            + "the rule, the field and why (default), dropped with a count, or fails the task. Use "
            + "<code>" + Key.class.getName() + "</code> for the record key and <code>" + Value.class.getName()
            + "</code> for the value.";

    private static final Logger log = LoggerFactory.getLogger(Validate.class);

    private List<Rule> rules;
    private OnInvalid onInvalid;
    private String suffix;
    private ValidateMetrics metrics;
    private ThrottledLog dropLog;

    @Override
    public void configure(Map<String, ?> props) {
        ConfigPlaceholders.requireNone("Validate", props); // before a literal reference fails to parse
        ValidateConfig config = new ValidateConfig(props);
        rules = config.rules();
        onInvalid = config.onInvalid();
        suffix = config.invalidTopicSuffix();
        metrics = new ValidateMetrics(rules);
        registerMetrics("Validate", config.metricsName(), metrics);
        dropLog = new ThrottledLog(log, 1000);
    }

    @Override
    public R apply(R record) {
        Object checked = operatingValue(record);
        if (checked == null || ErrorHeaders.alreadyInvalid(record)) {
            return record;
        }
        for (Rule rule : rules) {
            Violation violation = rule.check(checked);
            if (violation != null) {
                metrics.invalid(rule, onInvalid);
                return onInvalid(record, violation);
            }
        }
        metrics.valid();
        return record;
    }

    private R onInvalid(R record, Violation violation) {
        switch (onInvalid) {
            case DROP:
                dropLog.warn(count -> "Validate dropped " + count + " invalid record(s); the latest, in "
                        + RecordDescription.of(record) + ", broke '" + violation.rule() + "': " + violation.message());
                return null;
            case FAIL:
                throw new DataException("Record in " + RecordDescription.of(record) + " breaks rule '"
                        + violation.rule() + "' on field " + violation.field() + ": " + violation.message());
            default:
                return route(record, violation);
        }
    }

    /**
     * The same record, to {@code <topic><suffix>}, with the reasons in headers. A source record's partition is left
     * to Kafka (the invalid topic may have other partitions); a sink record keeps its own, since a sink record has
     * one always and its offset is tracked by it.
     */
    private R route(R record, Violation violation) {
        Headers headers = record.headers().duplicate();
        setHeader(headers, ErrorHeaders.RULE, violation.rule().text());
        setHeader(headers, ErrorHeaders.FIELD, violation.field());
        setHeader(headers, ErrorHeaders.MESSAGE, violation.message());
        setHeader(headers, ErrorHeaders.TOPIC, record.topic());
        Integer partition = record instanceof SinkRecord ? record.kafkaPartition() : null;
        return record.newRecord(record.topic() + suffix, partition, record.keySchema(), record.key(),
                record.valueSchema(), record.value(), record.timestamp(), headers);
    }

    private static void setHeader(Headers headers, String name, String value) {
        headers.remove(name);
        headers.addString(name, value);
    }

    protected abstract Object operatingValue(R record);

    @Override
    public ConfigDef config() {
        return ValidateConfig.CONFIG_DEF;
    }

    /** The JMX counters, for tests. */
    ValidateMetricsMXBean metrics() {
        return metrics;
    }

    /** Validates record keys. */
    public static class Key<R extends ConnectRecord<R>> extends Validate<R> {
        @Override
        protected Object operatingValue(R record) {
            return record.key();
        }
    }

    /** Validates record values. */
    public static class Value<R extends ConnectRecord<R>> extends Validate<R> {
        @Override
        protected Object operatingValue(R record) {
            return record.value();
        }
    }
}
