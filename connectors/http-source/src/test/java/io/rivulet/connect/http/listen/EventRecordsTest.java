package io.rivulet.connect.http.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.junit.jupiter.api.Test;

import io.rivulet.connect.http.HttpListenerSourceConfig;
import io.rivulet.connect.http.convert.StreamedObject;
import io.rivulet.schemas.AvroSchemas;

/**
 * Events read straight into their structs become exactly the records (and ids) the tree path makes of them: random
 * clicks that are valid, odd and wrong, with ids and times present, missing, null or of the wrong kind.
 */
class EventRecordsTest {
    private static final long NOW = 1_767_000_000_000L;
    private static final String[] VALUES = {
        "\"a\"", "\" a \"", "\"\"", "\"u-1\"", "\"2026-01-01T00:00:00Z\"", "\"2025-12-29T09:20:00.123Z\"",
        "\"not a time\"", "\"+1000000000-01-01T00:00:00Z\"", "\"3026-01-01T00:00:00Z\"", "\"caf\\u00e9\"", "0", "1",
        "-1", "2147483648", "9223372036854775807", "9223372036854775808", "1767000000000", "1767000000123",
        "99999999999999", "1.5", "1e3", "true", "false", "null", "[]", "[\"x\"]", "{}", "{\"code\":\"c\"}"
    };
    /** Clicks whose id is not in the record: any scalar id is streamed, as the key. */
    private static final String WITHOUT_ID = "{\"type\":\"record\",\"name\":\"Click\",\"fields\":["
            + "{\"name\":\"user_id\",\"type\":\"string\"},{\"name\":\"page\",\"type\":[\"null\",\"string\"],"
            + "\"default\":null},{\"name\":\"timestamp\",\"type\":{\"type\":\"long\","
            + "\"logicalType\":\"timestamp-millis\"}}]}";
    private static final String[] NAMES = {"event_id", "user_id", "page", "action", "timestamp", "segment"};

    @Test
    void streamedEventsBecomeTheRecordsOfTheTreePath() throws Exception {
        Random random = new Random(23);
        int streamed = 0;
        int events = 0;
        for (Map<String, String> settings : List.of(Map.of("record.schema.inline", AvroSchemas.CLICK.json()),
                Map.of("record.schema.inline", AvroSchemas.CLICK.json(), "record.key.pointer", "/user_id",
                        "record.timestamp.pointer", "/timestamp"),
                Map.of("record.schema.inline", WITHOUT_ID, "record.key.pointer", "/event_id"))) {
            Map<String, String> props = new HashMap<>(settings);
            props.put("topic", "clicks");
            props.put(HttpListenerSourceConfig.TASK_LISTENER_PORT_CONFIG, "1");
            HttpListenerSourceConfig config = HttpListenerSourceConfig.forTask(props);
            EventRecords records = new EventRecords(config.recordFactory(), "clicks", config.requestSettings());
            assertNotNull(records.reader(), "clicks with top-level pointers are streamed");
            for (int request = 0; request < 300; request++) {
                byte[] body = body(random).getBytes(StandardCharsets.UTF_8);
                List<StreamedObject> read = EventsBody.parse(body, 1 << 20, 1000, records.reader());
                List<StreamedObject> trees = EventsBody.parse(body, 1 << 20, 1000, null);
                assertEquals(trees.size(), read.size());
                for (int i = 0; i < read.size(); i++) {
                    EventRecords.Made actual = records.make(read.get(i), headers(), NOW);
                    EventRecords.Made expected = records.make(trees.get(i), headers(), NOW);
                    String what = new String(body, StandardCharsets.UTF_8) + " event " + i;
                    assertEquals(expected.id(), actual.id(), what);
                    assertEquals(expected.record(), actual.record(), what);
                    streamed += read.get(i).value() != null ? 1 : 0;
                    events++;
                }
            }
        }
        assertTrue(streamed > events / 5 && streamed < events, streamed + " of " + events + " streamed");
    }

    @Test
    void anEventWithoutAnIdOrTimeGetsThem() throws Exception {
        HttpListenerSourceConfig config = HttpListenerSourceConfig.forTask(Map.of("topic", "clicks",
                "record.schema.inline", AvroSchemas.CLICK.json(), HttpListenerSourceConfig.TASK_LISTENER_PORT_CONFIG,
                "1"));
        EventRecords records = new EventRecords(config.recordFactory(), "clicks", config.requestSettings());
        byte[] body = ("[{\"user_id\":\"u\",\"page\":\"/\",\"action\":\"click\",\"timestamp\":5},"
                + "{\"event_id\":\"e\",\"user_id\":\"u\",\"page\":\"/\",\"action\":\"click\"}]")
                .getBytes(StandardCharsets.UTF_8);
        List<StreamedObject> read = EventsBody.parse(body, 1 << 20, 10, records.reader());
        EventRecords.Made first = records.make(read.get(0), headers(), NOW);
        EventRecords.Made second = records.make(read.get(1), headers(), NOW);
        assertEquals(36, first.id().length(), first.id());
        assertEquals(first.id(), ((org.apache.kafka.connect.data.Struct) first.record().value())
                .getString("event_id"));
        assertEquals("e", second.id());
        assertEquals(new java.util.Date(NOW), ((org.apache.kafka.connect.data.Struct) second.record().value())
                .get("timestamp"));
    }

    /** A request: one event or an array of them, each with random fields of random values, most of them clicks. */
    private static String body(Random random) {
        List<String> events = new ArrayList<>();
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            StringBuilder event = new StringBuilder("{");
            boolean valid = random.nextInt(3) > 0;
            for (String name : NAMES) {
                if (!valid && random.nextInt(6) == 0 && !name.equals("event_id")) {
                    continue; // a missing field; a missing id would be filled in with a random UUID on each path
                }
                String value = valid ? validValue(name, random) : VALUES[random.nextInt(VALUES.length)];
                if (name.equals("event_id") && value.equals("null")) {
                    value = "\"n\""; // a filled-in id is a random UUID, different on each path
                }
                event.append(event.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value);
            }
            if (random.nextInt(20) == 0) {
                event.append(event.length() > 1 ? "," : "").append("\"page\":\"/again\"");
            }
            events.add(event.append('}').toString());
        }
        return events.size() == 1 && random.nextBoolean() ? events.get(0) : "[" + String.join(",", events) + "]";
    }

    private static String validValue(String name, Random random) {
        return switch (name) {
            case "event_id" -> random.nextBoolean() ? "\"e-" + random.nextInt(1000) + "\"" : "" + random.nextInt(99);
            case "timestamp" -> random.nextBoolean() ? Long.toString(NOW - random.nextInt(100_000))
                    : "\"2025-12-29T09:20:00Z\"";
            default -> "\"v-" + random.nextInt(100) + "\"";
        };
    }

    private static Headers headers() {
        Headers headers = new ConnectHeaders();
        headers.addString("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        return headers;
    }
}
