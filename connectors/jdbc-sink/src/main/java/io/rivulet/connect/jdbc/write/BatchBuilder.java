package io.rivulet.connect.jdbc.write;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

import io.rivulet.common.ErrantRecords;
import io.rivulet.common.TopicNameFormat;
import io.rivulet.connect.jdbc.JdbcSinkConfig;
import io.rivulet.connect.jdbc.dialect.TableId;

/**
 * Turns the records of one flush into rows per table, on the writer thread. Rows of one table and layout share a
 * {@link TableBuffer}; when a table's columns change mid-batch (a new schema version) a new buffer starts after
 * the old one, so both are written in their order within the same transaction.
 */
final class BatchBuilder {
    private final JdbcSinkConfig config;
    private final ErrantRecords errant;
    private final Map<TableId, Map<List<Schema>, RecordLayout>> layouts = new HashMap<>();
    private final Map<TableId, LastLayout> lastLayouts = new HashMap<>();
    private final Map<String, TableId> tableIds = new HashMap<>();

    BatchBuilder(JdbcSinkConfig config, ErrantRecords errant) {
        this.config = config;
        this.errant = errant;
    }

    Batch build(List<SinkRecord> records, Map<TopicPartition, OffsetAndMetadata> offsets) {
        List<TableBuffer> buffers = new ArrayList<>();
        Map<TableId, TableBuffer> current = new HashMap<>();
        boolean deletes = config.getBoolean(JdbcSinkConfig.DELETE_ENABLED_CONFIG);
        int rows = 0;
        for (SinkRecord record : records) {
            if (record.value() == null && !deletes) {
                continue; // a tombstone, and deletes are off: nothing to write, but it is processed
            }
            TableId table = tableIds.computeIfAbsent(record.topic(), topic -> new TableId(
                    config.getString(JdbcSinkConfig.TABLE_SCHEMA_CONFIG),
                    TopicNameFormat.apply(config.getString(JdbcSinkConfig.TABLE_NAME_FORMAT_CONFIG), topic)));
            RecordLayout layout;
            Object[] values;
            try {
                layout = layoutOf(table, record);
                values = layout.values(record);
            } catch (RuntimeException e) {
                errant.unwritable(record, "table " + table, e.getMessage(), e);
                continue;
            }
            TableBuffer buffer = current.get(table);
            if (buffer == null || (record.value() != null && buffer.layout() != layout
                    && !buffer.layout().allColumns().equals(layout.allColumns()))) {
                buffer = new TableBuffer(table, layout, !layout.keyColumns().isEmpty());
                current.put(table, buffer);
                buffers.add(buffer);
            }
            if (record.value() == null) {
                buffer.delete(record, values);
            } else {
                buffer.add(record, values);
            }
            rows++;
        }
        return new Batch(buffers, offsets, rows);
    }

    private RecordLayout layoutOf(TableId table, SinkRecord record) {
        LastLayout last = lastLayouts.get(table);
        // Converters hand out the same schema objects record after record: compare identities before hashing
        // whole schemas.
        if (last != null && last.keySchema == record.keySchema() && last.valueSchema == record.valueSchema()) {
            return last.layout;
        }
        List<Schema> schemas = Arrays.asList(record.keySchema(), record.valueSchema());
        RecordLayout layout = layouts.computeIfAbsent(table, t -> new HashMap<>()).computeIfAbsent(schemas,
                s -> RecordLayout.of(config.pkMode(), config.pkFields(), record.keySchema(), record.valueSchema()));
        lastLayouts.put(table, new LastLayout(record.keySchema(), record.valueSchema(), layout));
        return layout;
    }

    private record LastLayout(Schema keySchema, Schema valueSchema, RecordLayout layout) {
    }
}
