package io.rivulet.testkit.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import io.rivulet.common.PluginVersion;

/** Emits {@code key-N -> record-N} for N from the committed position up to the configured count. */
public class SequenceSourceTask extends SourceTask {
    private final Object idle = new Object();
    private SequenceSourceConfig config;
    private Map<String, String> partition;
    private long next;
    private volatile boolean stopping;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SequenceSourceConfig(props);
        partition = SequenceOffsets.partition(config.topic());
        next = SequenceOffsets.nextPosition(context.offsetStorageReader().offset(partition));
        stopping = false;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long end = Math.min(config.count(), next + config.batchSize());
        if (next >= end) {
            synchronized (idle) {
                if (!stopping) {
                    idle.wait(config.pollIntervalMs());
                }
            }
            return null;
        }
        List<SourceRecord> records = new ArrayList<>((int) (end - next));
        for (; next < end; next++) {
            records.add(new SourceRecord(partition, SequenceOffsets.offset(next + 1), config.topic(), null,
                    Schema.STRING_SCHEMA, "key-" + next, Schema.STRING_SCHEMA, "record-" + next));
        }
        return records;
    }

    @Override
    public void stop() {
        synchronized (idle) {
            stopping = true;
            idle.notifyAll();
        }
    }
}
