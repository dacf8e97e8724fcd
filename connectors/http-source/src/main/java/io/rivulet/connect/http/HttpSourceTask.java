package io.rivulet.connect.http;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import io.rivulet.common.PluginVersion;
import io.rivulet.connect.http.listen.ListenPoller;
import io.rivulet.connect.http.pull.PullPoller;

/** Pulls endpoints or listens for POSTed events, as the connector's http.mode says. */
public class HttpSourceTask extends SourceTask {
    private volatile Poller poller;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        HttpSourceConfig config = HttpSourceConfig.forTask(props);
        RecordFactory records = new RecordFactory(config.recordSchema(),
                config.getString(HttpSourceConfig.KEY_POINTER_CONFIG),
                config.getString(HttpSourceConfig.TIMESTAMP_POINTER_CONFIG),
                config.getString(HttpSourceConfig.INVALID_SUFFIX_CONFIG));
        if (config.listenMode()) {
            poller = ListenPoller.start(config, records);
        } else {
            poller = new PullPoller(config, context.offsetStorageReader(), records);
        }
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
