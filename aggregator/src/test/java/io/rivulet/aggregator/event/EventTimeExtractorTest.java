package io.rivulet.aggregator.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.rivulet.aggregator.ConverterSerde;

/**
 * The event time of a value read without the converter's tree (integers kept unboxed) is the time of the same value
 * read by the converter, and a click parsed from either has that time; a value without a usable time keeps the
 * record's timestamp.
 */
class EventTimeExtractorTest {
    private static final long RECORD_TIME = 1_000L;

    @ParameterizedTest
    @ValueSource(strings = {"{\"timestamp\":1700000000123,\"user_id\":\"u\",\"action\":\"click\"}",
        "{\"timestamp\":0,\"user_id\":\"u\",\"action\":\"click\"}", "{\"timestamp\":-5}", "{\"timestamp\":-0}",
        "{\"timestamp\":\"2024-05-01T10:00:00Z\",\"user_id\":\"u\",\"action\":\"click\"}", "{\"timestamp\":\"soon\"}",
        "{\"timestamp\":null}", "{\"user_id\":\"u\"}", "{\"timestamp\":1.5e3,\"user_id\":\"u\",\"action\":\"a\"}",
        "{\"timestamp\":1,\"timestamp\":2,\"user_id\":\"u\",\"action\":\"a\"}", "{\"timestamp\":true}",
        "{\"timestamp\":\"x\",\"timestamp\":7,\"user_id\":\"u\",\"action\":\"a\"}",
        "{\"timestamp\":123456789012345678,\"user_id\":\"u\",\"action\":\"a\"}"})
    void readsTheTimeTheConverterReads(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ClickEvents clicks = new ClickEvents("clicks", "timestamp");
        SchemaAndValue scanned = ConverterSerde.of(JsonConverter.class, Map.of("schemas.enable", "false"), false)
                .reading(clicks.fields()).deserializer().deserialize("clicks", bytes);
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        SchemaAndValue converted = converter.toConnectData("clicks", bytes);
        if (!json.contains("\"x\"") && !json.contains("1.5e3")) {
            assertInstanceOf(FlatFields.class, scanned.value(), "read without the tree: " + json);
        }
        EventTimeExtractor extractor = new EventTimeExtractor(clicks.timeField());
        long expected = extractor.extract(record(converted), 0);
        assertEquals(expected, extractor.extract(record(scanned), 0), json);
        for (SchemaAndValue value : List.of(scanned, converted)) {
            String parsed;
            try {
                parsed = Long.toString(clicks.parse(value).timestamp());
            } catch (InvalidEventException e) {
                parsed = e.getMessage();
            }
            String reference;
            try {
                reference = Long.toString(clicks.parse(converted).timestamp());
            } catch (InvalidEventException e) {
                reference = e.getMessage();
            }
            assertEquals(reference, parsed, json);
        }
        if (Set.of("{\"timestamp\":-5}", "{\"timestamp\":\"soon\"}", "{\"user_id\":\"u\"}").contains(json)) {
            assertEquals(RECORD_TIME, expected, "no usable time: the record's own: " + json);
        }
    }

    private static ConsumerRecord<Object, Object> record(SchemaAndValue value) {
        return new ConsumerRecord<>("clicks", 0, 0, RECORD_TIME, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, null, value, new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }
}
