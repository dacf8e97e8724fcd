package io.rivulet.connect.jdbc.write;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What one flush writes in one transaction, and the offsets Connect may commit once it has. */
record Batch(List<TableBuffer> tables, Map<TopicPartition, OffsetAndMetadata> offsets, int rows) {
}
