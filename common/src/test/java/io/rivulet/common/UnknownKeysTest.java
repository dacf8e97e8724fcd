package io.rivulet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;

class UnknownKeysTest {
    private static final ConfigDef DEF = new ConfigDef()
            .define("http.url", Type.STRING, "", Importance.HIGH, "")
            .define("http.pagination", Type.STRING, "cursor", Importance.HIGH, "")
            .define("http.limit", Type.INT, 100, Importance.LOW, "")
            .define("endpoints", Type.LIST, "", Importance.LOW, "")
            .define("topic", Type.STRING, "", Importance.HIGH, "")
            .define("record.key.pointer", Type.STRING, "", Importance.LOW, "")
            .define("poll.interval.ms", Type.LONG, 5000L, Importance.LOW, "");

    @Test
    void typosAndWrongPrefixesOfOwnKeysAreReportedWithTheClosestKey() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("http.paginaton", "page");
        props.put("pagination.typee", "page");
        props.put("endpoint", "eu");
        props.put("http.retries", "3");
        props.put("record.keypointer", "/id");
        props.put("poll.intervall.ms", "100");
        Map<String, List<String>> errors = UnknownKeys.check(DEF, props);
        assertEquals(List.of("http.paginaton", "pagination.typee", "endpoint", "http.retries", "record.keypointer",
                "poll.intervall.ms"), List.copyOf(errors.keySet()));
        assertEquals(List.of("'http.paginaton' is not a setting of this plugin and would be ignored; did you mean "
                + "'http.pagination'?"),
                errors.get("http.paginaton"));
        assertEquals("did you mean 'http.pagination'?", suggestion(errors.get("pagination.typee")));
        assertEquals("did you mean 'endpoints'?", suggestion(errors.get("endpoint")));
        assertEquals("did you mean 'record.key.pointer'?", suggestion(errors.get("record.keypointer")));
        assertEquals("did you mean 'poll.interval.ms'?", suggestion(errors.get("poll.intervall.ms")));
        assertEquals(List.of("'http.retries' is not a setting of this plugin and would be ignored"),
                errors.get("http.retries"),
                "nothing close: no suggestion");
    }

    @Test
    void connectAndKafkaKeysAndUnrelatedKeysAreLeftAlone() {
        Map<String, String> props = new LinkedHashMap<>();
        for (String key : List.of("name", "connector.class", "tasks.max", "key.converter", "value.converter.schemas"
                + ".enable", "transforms", "transforms.validate.type", "transforms.validate.rulez", "predicates",
                "errors.tolerance", "errors.deadletterqueue.topic.name", "topic.creation.default.partitions",
                "exactly.once.support", "transaction.boundary", "offsets.storage.topic", "producer.override.acks",
                "consumer.override.max.poll.records", "admin.override.bootstrap.servers", "config.action.reload",
                "header.converter", "http.url", "topic", "my.team.owner")) {
            props.put(key, "x");
        }
        assertEquals(Map.of(), UnknownKeys.check(DEF, props));
    }

    private static String suggestion(List<String> messages) {
        String message = messages.get(0);
        return message.substring(message.indexOf("did you mean"));
    }
}
