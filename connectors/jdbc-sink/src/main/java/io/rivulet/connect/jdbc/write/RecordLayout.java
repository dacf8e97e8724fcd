package io.rivulet.connect.jdbc.write;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import io.rivulet.connect.jdbc.PrimaryKeyMode;
import io.rivulet.connect.jdbc.dialect.Column;

/**
 * Which columns a record fills and in which order: the primary key columns (from the Kafka coordinates, the record
 * key or value fields, per {@code primary.key.mode}), then the value's other fields. One layout serves every record
 * with the same key and value schemas.
 */
public final class RecordLayout {
    static final String KAFKA_TOPIC = "__connect_topic";
    static final String KAFKA_PARTITION = "__connect_partition";
    static final String KAFKA_OFFSET = "__connect_offset";
    static final String KEY_COLUMN = "__connect_key";

    private final PrimaryKeyMode pkMode;
    private final List<Column> keyColumns = new ArrayList<>();
    private final List<Column> valueColumns = new ArrayList<>();

    private RecordLayout(PrimaryKeyMode pkMode) {
        this.pkMode = pkMode;
    }

    /** The layout of records with these schemas; {@code valueSchema} is null for tombstones. */
    public static RecordLayout of(PrimaryKeyMode pkMode, List<String> pkFields, Schema keySchema, Schema valueSchema) {
        RecordLayout layout = new RecordLayout(pkMode);
        switch (pkMode) {
            case KAFKA:
                List<String> names = pkFields.isEmpty() ? List.of(KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET)
                        : pkFields;
                layout.keyColumns.add(new Column(names.get(0), Schema.STRING_SCHEMA));
                layout.keyColumns.add(new Column(names.get(1), Schema.INT32_SCHEMA));
                layout.keyColumns.add(new Column(names.get(2), Schema.INT64_SCHEMA));
                break;
            case RECORD_KEY:
                if (keySchema == null) {
                    throw new DataException("primary.key.mode=record_key needs records with a key schema");
                }
                if (keySchema.type() == Schema.Type.STRUCT) {
                    List<String> missing = pkFields.stream().filter(name -> keySchema.field(name) == null).toList();
                    if (!missing.isEmpty()) {
                        throw new DataException("primary.key.fields names " + missing + ", which the record key "
                                + "lacks; its fields are " + keySchema.fields().stream().map(Field::name).toList());
                    }
                    for (Field field : keySchema.fields()) {
                        if (pkFields.isEmpty() || pkFields.contains(field.name())) {
                            layout.keyColumns.add(new Column(field.name(), field.schema()));
                        }
                    }
                    if (layout.keyColumns.isEmpty()) {
                        throw new DataException("primary.key.mode=record_key needs a key with fields; this key "
                                + "struct has none");
                    }
                } else if (pkFields.size() > 1) {
                    throw new DataException("primary.key.fields names " + pkFields + ", but the record key is a "
                            + keySchema.type() + ", which makes one column; name at most one");
                } else {
                    layout.keyColumns.add(new Column(pkFields.isEmpty() ? KEY_COLUMN : pkFields.get(0), keySchema));
                }
                break;
            case RECORD_VALUE:
                if (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT) {
                    throw new DataException("primary.key.mode=record_value needs struct values");
                }
                for (String name : pkFields) {
                    Field field = valueSchema.field(name);
                    if (field == null) {
                        throw new DataException("primary.key.fields names '" + name + "', which the value lacks");
                    }
                    layout.keyColumns.add(new Column(name, field.schema()));
                }
                break;
            default:
                break;
        }
        if (valueSchema != null) {
            if (valueSchema.type() != Schema.Type.STRUCT) {
                throw new DataException("The value must be a struct with a schema, not " + valueSchema.type());
            }
            Set<String> keyNames = new LinkedHashSet<>();
            layout.keyColumns.forEach(column -> keyNames.add(column.name()));
            for (Field field : valueSchema.fields()) {
                if (!keyNames.contains(field.name())) {
                    layout.valueColumns.add(new Column(field.name(), field.schema()));
                }
            }
        }
        return layout;
    }

    public List<Column> keyColumns() {
        return keyColumns;
    }

    public List<Column> valueColumns() {
        return valueColumns;
    }

    public List<Column> allColumns() {
        List<Column> all = new ArrayList<>(keyColumns);
        all.addAll(valueColumns);
        return all;
    }

    public List<String> keyNames() {
        return keyColumns.stream().map(Column::name).toList();
    }

    /** The record's values in {@link #allColumns()} order (key columns only for a tombstone). */
    public Object[] values(SinkRecord record) {
        Object[] values = new Object[keyColumns.size() + (record.value() == null ? 0 : valueColumns.size())];
        int i = 0;
        switch (pkMode) {
            case KAFKA:
                values[i++] = record.originalTopic();
                values[i++] = record.originalKafkaPartition();
                values[i++] = record.originalKafkaOffset();
                break;
            case RECORD_KEY:
                for (Column column : keyColumns) {
                    values[i++] = record.key() instanceof Struct ? ((Struct) record.key()).get(column.name())
                            : record.key();
                }
                break;
            case RECORD_VALUE:
                for (Column column : keyColumns) {
                    values[i++] = ((Struct) record.value()).get(column.name());
                }
                break;
            default:
                break;
        }
        if (record.value() != null) {
            Struct value = (Struct) record.value();
            for (Column column : valueColumns) {
                values[i++] = value.get(column.name());
            }
        }
        for (int k = 0; k < keyColumns.size(); k++) {
            if (values[k] == null) {
                throw new DataException("Primary key column '" + keyColumns.get(k).name() + "' is null");
            }
        }
        return values;
    }
}
