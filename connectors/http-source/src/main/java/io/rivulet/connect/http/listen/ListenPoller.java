package io.rivulet.connect.http.listen;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

import io.rivulet.connect.http.HttpListenerSourceConfig;
import io.rivulet.connect.http.Poller;
import io.rivulet.connect.http.RecordFactory;

/**
 * Hands POSTed events to Connect and tells each request when all of its events are written: Connect calls
 * commitRecord once the producer acknowledged a record, or once its transaction committed under exactly-once.
 * Events have no replayable source position, so they carry no source offset.
 */
public final class ListenPoller implements Poller {
    private static final int BATCH = 2000;
    private static final long IDLE_WAIT_MS = 100;

    private final EventListener listener;
    private final RecordFactory records;
    private final String topic;
    /**
     * The requests waiting for each record returned from poll (more than one for exact duplicates). By identity:
     * transforms may change a record's headers, which would move it in a map keyed by equality.
     */
    private final Map<SourceRecord, List<PendingRequest>> inFlight = new IdentityHashMap<>();

    private ListenPoller(EventListener listener, RecordFactory records, String topic) {
        this.listener = listener;
        this.records = records;
        this.topic = topic;
    }

    public static ListenPoller start(HttpListenerSourceConfig config, RecordFactory records) {
        EventListener.Settings settings = config.listenerSettings();
        try {
            return new ListenPoller(EventListener.start(settings), records, config.getString(HttpListenerSourceConfig.TOPIC_CONFIG));
        } catch (IOException | GeneralSecurityException e) {
            throw new ConnectException("Cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e, e);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<ReceivedEvent> events = listener.take(BATCH, IDLE_WAIT_MS);
        if (events.isEmpty()) {
            return null;
        }
        // An exact duplicate (a client's retry, in one poll's batch) becomes one record acknowledged to every request
        // that sent it: under exactly-once, Connect keys a transaction's records by equality, so two equal
        // records would get one commitRecord call and a request would wait for the other forever. (With
        // transaction.boundary=interval, equal records from different polls could still meet in one transaction.)
        Map<SourceRecord, List<PendingRequest>> batch = new LinkedHashMap<>();
        for (ReceivedEvent event : events) {
            SourceRecord record = records.create(null, null, topic, event.json(), event.receivedMs(),
                    event.headers().duplicate());
            batch.computeIfAbsent(record, r -> new ArrayList<>(1)).add(event.request());
        }
        synchronized (inFlight) {
            inFlight.putAll(batch);
        }
        return new ArrayList<>(batch.keySet());
    }

    @Override
    public void written(SourceRecord record, RecordMetadata metadata) {
        List<PendingRequest> requests;
        synchronized (inFlight) {
            requests = inFlight.remove(record);
        }
        if (requests != null) {
            requests.forEach(request -> request.eventWritten(!record.topic().equals(topic)));
        }
    }

    @Override
    public void stop() {
        listener.stop();
        synchronized (inFlight) {
            inFlight.values().forEach(requests -> requests.forEach(request -> request.fail(
                    "the task stopped before the events were written")));
            inFlight.clear();
        }
    }
}
