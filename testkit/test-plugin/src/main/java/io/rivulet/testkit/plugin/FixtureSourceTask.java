package io.rivulet.testkit.plugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Emits the fixture file's lines from the committed line on; idles once all are written. */
public class FixtureSourceTask extends IdlingSourceTask {
    private static final ObjectMapper JSON = new ObjectMapper();

    private String topic;
    private Schema schema;
    private String keyField;
    private int batchSize;
    private long pollDelayMs;
    private List<String> lines;
    private Map<String, String> partition;
    private int next;

    @Override
    public void start(Map<String, String> props) {
        FixtureSourceConfig config = new FixtureSourceConfig(props);
        topic = config.getString(FixtureSourceConfig.TOPIC_CONFIG);
        schema = FixtureSchemas.named(config.getString(FixtureSourceConfig.SCHEMA_CONFIG));
        keyField = config.getString(FixtureSourceConfig.KEY_FIELD_CONFIG);
        batchSize = config.getInt(FixtureSourceConfig.BATCH_SIZE_CONFIG);
        pollDelayMs = config.getLong(FixtureSourceConfig.POLL_DELAY_MS_CONFIG);
        String file = config.getString(FixtureSourceConfig.FILE_CONFIG);
        try {
            lines = Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConnectException("Cannot read fixture file " + file, e);
        }
        partition = Map.of(FixtureSourceConnector.FILE_KEY, file);
        Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        next = offset == null ? 0 : ((Number) offset.get(FixtureSourceConnector.LINE_KEY)).intValue();
        running();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        idle(next >= lines.size() ? 200 : pollDelayMs);
        if (next >= lines.size() || stopping()) {
            return null;
        }
        int end = Math.min(lines.size(), next + batchSize);
        List<SourceRecord> records = new ArrayList<>(end - next);
        for (; next < end; next++) {
            Map<String, Object> json = parse(lines.get(next), next + 1);
            Object key = keyField.isEmpty() ? null : String.valueOf(json.get(keyField));
            Object value = schema == null ? json : toStruct(json, next + 1);
            records.add(new SourceRecord(partition, Map.of(FixtureSourceConnector.LINE_KEY, next + 1), topic, null,
                    key == null ? null : Schema.STRING_SCHEMA, key, schema, value));
        }
        return records;
    }

    private static Map<String, Object> parse(String line, int lineNumber) {
        try {
            return JSON.readValue(line, new TypeReference<>() { });
        } catch (IOException e) {
            throw new ConnectException("Fixture line " + lineNumber + " is not a JSON object: " + line, e);
        }
    }

    private Struct toStruct(Map<String, Object> json, int lineNumber) {
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
            Object value = json.get(field.name());
            if (value != null && Timestamp.LOGICAL_NAME.equals(field.schema().name())) {
                value = new Date(((Number) value).longValue());
            } else if (value instanceof Number && field.schema().type() == Schema.Type.FLOAT64) {
                value = ((Number) value).doubleValue();
            }
            try {
                struct.put(field, value);
            } catch (RuntimeException e) {
                throw new ConnectException("Fixture line " + lineNumber + ": field " + field.name() + ": "
                        + e.getMessage(), e);
            }
        }
        return struct;
    }
}
