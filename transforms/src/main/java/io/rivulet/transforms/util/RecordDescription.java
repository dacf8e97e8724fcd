package io.rivulet.transforms.util;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

/** Names a record in error messages: topic, partition and offset, or the source partition and offset. */
public final class RecordDescription {
    private RecordDescription() {
    }

    public static String of(ConnectRecord<?> record) {
        if (record instanceof SinkRecord) {
            SinkRecord sink = (SinkRecord) record;
            return "topic " + sink.originalTopic() + " partition " + sink.originalKafkaPartition()
                    + " offset " + sink.originalKafkaOffset();
        }
        if (record instanceof SourceRecord) {
            SourceRecord source = (SourceRecord) record;
            return "topic " + source.topic() + " (source partition " + source.sourcePartition()
                    + ", source offset " + source.sourceOffset() + ")";
        }
        return "topic " + record.topic() + " partition " + record.kafkaPartition();
    }
}
