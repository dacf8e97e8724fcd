package io.rivulet.connect.jdbc.write;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;

import io.rivulet.connect.jdbc.dialect.TableId;

/**
 * The rows waiting for one table, all of one layout. With a primary key only the last row per key is kept (and a
 * tombstone's delete runs before the rows), so a batch never touches a row twice and its end state is that of the
 * records in order.
 */
final class TableBuffer {
    /** A row to write or delete and the record it came from, for error messages and the errant record reporter. */
    record Row(SinkRecord record, Object[] values) {
    }

    private final TableId table;
    private final RecordLayout layout;
    private final boolean keyed;
    private final Map<List<Object>, Row> byKey = new LinkedHashMap<>();
    private final List<Row> unkeyed = new ArrayList<>();
    private final Map<List<Object>, Row> deletes = new LinkedHashMap<>();

    TableBuffer(TableId table, RecordLayout layout, boolean keyed) {
        this.table = table;
        this.layout = layout;
        this.keyed = keyed;
    }

    TableId table() {
        return table;
    }

    RecordLayout layout() {
        return layout;
    }

    void add(SinkRecord record, Object[] values) {
        Row row = new Row(record, values);
        if (!keyed) {
            unkeyed.add(row);
            return;
        }
        byKey.remove(key(values)); // re-insert at the end: the latest position and value win
        byKey.put(key(values), row);
    }

    void delete(SinkRecord record, Object[] keyValues) {
        List<Object> key = key(keyValues);
        byKey.remove(key);
        deletes.put(key, new Row(record, keyValues));
    }

    private List<Object> key(Object[] values) {
        return Arrays.asList(Arrays.copyOf(values, layout.keyColumns().size()));
    }

    Collection<Row> rows() {
        return keyed ? byKey.values() : unkeyed;
    }

    Collection<Row> deletes() {
        return deletes.values();
    }

    int size() {
        return byKey.size() + unkeyed.size() + deletes.size();
    }
}
