package io.rivulet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TopicNameFormatTest {
    @Test
    void namesFromTopics() {
        assertEquals("sales_per_minute", TopicNameFormat.apply("${topic.last}", "analytics.sales_per_minute"));
        assertEquals("analytics.sales_per_minute", TopicNameFormat.apply("${topic}", "analytics.sales_per_minute"));
        assertEquals("kafka_orders", TopicNameFormat.apply("kafka_${topic.last}", "orders"));
        assertNull(TopicNameFormat.unknownVariable("kafka_${topic.last}_${topic}"));
        assertEquals("${table}", TopicNameFormat.unknownVariable("${table}"));
        assertEquals("${topic", TopicNameFormat.unknownVariable("x_${topic"));
    }
}
