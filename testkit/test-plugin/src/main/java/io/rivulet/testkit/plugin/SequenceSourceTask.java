package io.rivulet.testkit.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/** Emits {@code key-N -> record-N} for N from the committed position up to the configured count. */
public class SequenceSourceTask extends IdlingSourceTask {
    private SequenceSourceConfig config;
    private Map<String, String> partition;
    private long next;

    @Override
    public void start(Map<String, String> props) {
        config = new SequenceSourceConfig(props);
        partition = SequenceOffsets.partition(config.topic());
        next = SequenceOffsets.nextPosition(context.offsetStorageReader().offset(partition));
        running();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long end = Math.min(config.count(), next + config.batchSize());
        if (next >= end) {
            idle(config.pollIntervalMs());
            return null;
        }
        List<SourceRecord> records = new ArrayList<>((int) (end - next));
        for (; next < end; next++) {
            records.add(new SourceRecord(partition, SequenceOffsets.offset(next + 1), config.topic(), null,
                    Schema.STRING_SCHEMA, "key-" + next, Schema.STRING_SCHEMA, "record-" + next));
        }
        return records;
    }
}
