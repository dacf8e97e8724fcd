package io.rivulet.connect.druid;

import java.math.BigDecimal;
import java.util.Date;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A record's struct value as the JSON row Druid ingests: times as epoch ms, numbers as long or double. */
final class DruidRow {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DruidRow() {
    }

    static ObjectNode of(Struct value, SinkRecord record) {
        ObjectNode row = JSON.createObjectNode();
        for (Field field : value.schema().fields()) {
            Object v = value.get(field);
            if (v == null) {
                row.putNull(field.name());
            } else if (v instanceof Date) {
                row.put(field.name(), ((Date) v).getTime());
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                row.put(field.name(), ((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                row.put(field.name(), ((Number) v).doubleValue());
            } else if (v instanceof BigDecimal) {
                row.put(field.name(), ((BigDecimal) v).doubleValue());
            } else if (v instanceof Boolean) {
                row.put(field.name(), (Boolean) v);
            } else {
                row.put(field.name(), v.toString());
            }
        }
        // Not a column (the dimensions are listed): lets a row Druid cannot parse be traced to its record.
        row.put(Overlord.RECORD_FIELD, Chunks.Row.ref(record));
        return row;
    }
}
