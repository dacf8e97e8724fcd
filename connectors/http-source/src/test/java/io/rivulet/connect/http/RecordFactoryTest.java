package io.rivulet.connect.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.common.ErrorHeaders;

/** Nothing in an event can make a record the broker or the converter refuses: such events go to the invalid topic. */
class RecordFactoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_780_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final Schema CLICK = SchemaBuilder.struct().name("Click")
            .field("user_id", Schema.STRING_SCHEMA).field("count", Schema.OPTIONAL_INT32_SCHEMA)
            .field("at", org.apache.kafka.connect.data.Time.builder().optional().build()).build();

    private static SourceRecord create(RecordFactory factory, String json) throws Exception {
        return factory.create(null, null, "clicks", JSON.readTree(json), NOW, new ConnectHeaders());
    }

    private static String header(SourceRecord record, String name) {
        return record.headers().lastWithName(name) == null ? null
                : String.valueOf(record.headers().lastWithName(name).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-1780000000000", "99999999999999999999", "1780003600001", "9223372036854775807",
        "\"+1000000000-01-01T00:00:00Z\"", "\"3000-01-01T00:00:00Z\""})
    void unusableEventTimesGoToTheInvalidTopicStampedWithTheReceiveTime(String time) throws Exception {
        RecordFactory factory = new RecordFactory(null, "/user_id", "/ts", ".invalid", HOUR);
        SourceRecord record = create(factory, "{\"user_id\":\"u-1\",\"ts\":" + time + "}");
        assertEquals("clicks.invalid", record.topic(), time);
        assertEquals(NOW, record.timestamp());
        assertEquals(RecordFactory.TIMESTAMP_RULE, header(record, ErrorHeaders.RULE));
        assertEquals("ts", header(record, ErrorHeaders.FIELD));
        assertEquals(time.replace("\"", ""), header(record, ErrorHeaders.VALUE));
        assertTrue(String.valueOf(record.value()).contains("\"user_id\":\"u-1\""), "the event as sent");
        assertEquals("u-1", record.key());
    }

    @Test
    void usableEventTimesAreTheRecordTimestamp() throws Exception {
        RecordFactory factory = new RecordFactory(null, "", "/ts", ".invalid", HOUR);
        assertEquals(0L, create(factory, "{\"ts\":0}").timestamp());
        assertEquals(NOW + HOUR, create(factory, "{\"ts\":" + (NOW + HOUR) + "}").timestamp());
        assertEquals(NOW - 86_400_000L * 365 * 20, create(factory, "{\"ts\":" + (NOW - 86_400_000L * 365 * 20) + "}")
                .timestamp());
        assertEquals("clicks", create(factory, "{\"ts\":\"2026-05-28T20:26:40Z\"}").topic());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"user_id\":\"u\",\"count\":2147483648}", "{\"user_id\":\"u\",\"count\":1e400}",
        "{\"user_id\":\"u\",\"count\":99999999999999999999999}", "{\"user_id\":\"u\",\"at\":86400000}",
        "{\"user_id\":\"u\",\"at\":-1}"})
    void valuesOutOfTheirTypesRangeAreInvalidNotCut(String json) throws Exception {
        RecordFactory factory = new RecordFactory(CLICK, "", "", ".invalid", HOUR);
        SourceRecord record = create(factory, json);
        assertEquals("clicks.invalid", record.topic(), json);
        assertEquals(RecordFactory.SCHEMA_RULE, header(record, ErrorHeaders.RULE));
    }

    @Test
    void whatIsValidConvertsWithTheRealConverter() throws Exception {
        RecordFactory factory = new RecordFactory(CLICK, "", "", ".invalid", HOUR);
        SourceRecord record = create(factory, "{\"user_id\":\"u\",\"count\":2147483647,\"at\":86399999}");
        assertEquals("clicks", record.topic());
        assertEquals(2147483647, ((Struct) record.value()).getInt32("count"));
        Converter converter = new JsonConverter();
        converter.configure(java.util.Map.of("schemas.enable", "true"), false);
        assertTrue(converter.fromConnectData("clicks", record.valueSchema(), record.value()).length > 0);
    }
}
