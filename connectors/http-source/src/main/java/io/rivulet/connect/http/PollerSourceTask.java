package io.rivulet.connect.http;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import io.rivulet.common.PluginVersion;

/** The task lifecycle both HTTP connectors share: start a {@link Poller}, hand Connect its records, stop it. */
abstract class PollerSourceTask extends SourceTask {
    private volatile Poller poller;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    /** The task's poller, from its config. */
    protected abstract Poller startPoller(Map<String, String> props);

    @Override
    public void start(Map<String, String> props) {
        poller = startPoller(props);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return poller.poll();
    }

    /** Called once Kafka acknowledged the record (after its transaction committed, under exactly-once). */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Poller current = poller;
        if (current != null) {
            current.written(record, metadata);
        }
    }

    @Override
    public void stop() {
        Poller current = poller;
        if (current != null) {
            current.stop();
        }
    }
}
