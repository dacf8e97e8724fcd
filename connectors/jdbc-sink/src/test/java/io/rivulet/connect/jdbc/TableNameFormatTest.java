package io.rivulet.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TableNameFormatTest {
    @Test
    void tableNamesFromTopics() {
        assertEquals("sales_per_minute", TableNameFormat.tableName("${topic.last}", "analytics.sales_per_minute"));
        assertEquals("analytics.sales_per_minute", TableNameFormat.tableName("${topic}",
                "analytics.sales_per_minute"));
        assertEquals("kafka_orders", TableNameFormat.tableName("kafka_${topic.last}", "orders"));
        assertNull(TableNameFormat.unknownVariable("kafka_${topic.last}_${topic}"));
        assertEquals("${table}", TableNameFormat.unknownVariable("${table}"));
    }
}
