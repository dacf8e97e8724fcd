package io.rivulet.connect.http;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import io.rivulet.common.PluginVersion;

/** The task lifecycle both HTTP connectors share: start a {@link Poller}, hand Connect its records, stop it. */
abstract class PollerSourceTask extends SourceTask {
    private Poller poller;
    private boolean stopped;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    /** The task's poller, from its config. */
    protected abstract Poller startPoller(Map<String, String> props);

    /**
     * Connect may call stop() while start() is still running (a slow start under a rebalance): what start() creates
     * after that is stopped at once, or a listener would keep its port with no task to stop it.
     */
    @Override
    public void start(Map<String, String> props) {
        Poller started = startPoller(props);
        synchronized (this) {
            if (!stopped) {
                poller = started;
                return;
            }
        }
        started.stop();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Poller current = current();
        return current == null ? null : current.poll();
    }

    private synchronized Poller current() {
        return stopped ? null : poller;
    }

    /** Called once Kafka acknowledged the record (after its transaction committed, under exactly-once). */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Poller current;
        synchronized (this) {
            current = poller;
        }
        if (current != null) {
            current.written(record, metadata);
        }
    }

    @Override
    public void stop() {
        Poller current;
        synchronized (this) {
            stopped = true;
            current = poller;
        }
        if (current != null) {
            current.stop();
        }
    }
}
