package io.rivulet.connect.jdbc;

import java.util.Collection;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import io.rivulet.common.ErrantRecords;
import io.rivulet.common.MBeans;
import io.rivulet.common.PluginVersion;
import io.rivulet.connect.jdbc.dialect.DatabaseDialects;
import io.rivulet.connect.jdbc.write.JdbcSinkMetrics;
import io.rivulet.connect.jdbc.write.PipelinedWriter;

/**
 * Buffers records and writes them in batches, one transaction per flush; tells Connect to commit only offsets whose
 * rows are committed in the database.
 */
public class JdbcSinkTask extends SinkTask {
    private PipelinedWriter writer;
    private MBeans.Registration registration;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        JdbcSinkConfig config = new JdbcSinkConfig(props);
        ErrantRecordReporter reporter = ErrantRecords.reporterOf(context);
        writer = new PipelinedWriter(config, DatabaseDialects.forUrl(
                config.getString(JdbcSinkConfig.CONNECTION_URL_CONFIG), config.writeMethod()),
                reporter);
        registration = MBeans.register(JdbcSinkMetrics.MBEAN_DOMAIN, "JdbcSink", props.getOrDefault("name", ""),
                writer.metrics());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            writer.add(record);
        }
        writer.flushIfDue();
    }

    /** Flushes what is buffered, then returns only offsets whose rows are in the database. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        writer.flush();
        return writer.committedOffsets();
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        writer.dropPartitions(partitions);
    }

    @Override
    public void stop() {
        MBeans.unregister(registration);
        registration = null;
        if (writer != null) {
            writer.close();
        }
    }
}
