package io.rivulet.connect.http;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.common.Backoff;
import io.rivulet.common.PluginVersion;

/** The task lifecycle both HTTP connectors share: start a {@link Poller}, hand Connect its records, stop it. */
abstract class PollerSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(PollerSourceTask.class);
    /** How long a start waits for a port the task's previous instance still holds, before the task fails. */
    static final long PORT_WAIT_MS = 30_000;
    private static final Backoff PORT_RETRY = new Backoff(50, 1_000);

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
        Poller started = startWaitingForPort(props);
        if (started == null) {
            return; // stopped while waiting
        }
        synchronized (this) {
            if (!stopped) {
                poller = started;
                return;
            }
        }
        started.stop();
    }

    /**
     * Starts the poller, trying again while its port is in use, up to {@link #PORT_WAIT_MS}: after a rebalance the
     * task's previous instance on this worker may still be stopping. Null when the task was stopped meanwhile.
     */
    private Poller startWaitingForPort(Map<String, String> props) {
        long deadline = System.currentTimeMillis() + PORT_WAIT_MS;
        for (int attempt = 0; ; attempt++) {
            try {
                return startPoller(props);
            } catch (PortInUseException e) {
                synchronized (this) {
                    long left = deadline - System.currentTimeMillis();
                    if (stopped) {
                        return null;
                    }
                    if (left <= 0) {
                        throw e;
                    }
                    log.info("{}; trying again for up to {} ms more", e.getMessage(), left);
                    try {
                        wait(Math.min(PORT_RETRY.delayMs(attempt), left)); // stop() wakes it
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                    if (stopped) {
                        return null;
                    }
                }
            }
        }
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
            notifyAll(); // a start waiting for its port gives up
        }
        if (current != null) {
            current.stop();
        }
    }
}
