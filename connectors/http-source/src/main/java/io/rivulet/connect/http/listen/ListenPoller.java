package io.rivulet.connect.http.listen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

import io.rivulet.connect.http.HttpListenerSourceConfig;
import io.rivulet.connect.http.Poller;
import io.rivulet.connect.http.PortInUseException;
import io.rivulet.connect.http.RecordFactory;

/**
 * Hands POSTed events to Connect and tells each request when all of its events are written: Connect calls
 * commitRecord once the producer acknowledged a record, or once its transaction committed under exactly-once.
 * Events have no replayable source position, so they carry no source offset.
 */
public final class ListenPoller implements Poller {
    private static final long IDLE_WAIT_MS = 100;

    private final EventListener listener;
    /** Everything queued, at most the queue's size (see poll). */
    private final int maxBatch;
    private final String topic;
    /** Whether two records of one poll can be equal; if not, hashing every record to find out is skipped. */
    private final boolean equalRecordsPossible;
    /** The batches returned from poll whose records are not all written yet, oldest first (failed on stop). */
    private final ArrayDeque<InFlightBatch> inFlight = new ArrayDeque<>();

    private ListenPoller(EventListener listener, int maxBatch, String topic, boolean equalRecordsPossible) {
        this.listener = listener;
        this.maxBatch = maxBatch;
        this.topic = topic;
        this.equalRecordsPossible = equalRecordsPossible;
    }

    public static ListenPoller start(HttpListenerSourceConfig config, RecordFactory records) {
        ServerSettings settings = config.serverSettings();
        RequestSettings requests = config.requestSettings();
        String topic = config.getString(HttpListenerSourceConfig.TOPIC_CONFIG);
        EventRecords eventRecords = new EventRecords(records, topic, requests);
        try {
            return new ListenPoller(EventListener.start(config.connectorName(), settings, requests,
                    eventRecords), requests.queueSize(), topic,
                    equalRecordsPossible(requests, config.recordSchema()));
        } catch (Exception e) {
            String message = "Cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e;
            if (causedByBindFailure(e)) {
                throw new PortInUseException(message, e);
            }
            throw new ConnectException(message, e);
        }
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Equal records need equal event ids, which dedup turns into one write, unless the id is not in the record
     * (a schema without it), dedup is off, or it may forget an id while the event is still queued.
     */
    private static boolean equalRecordsPossible(RequestSettings requests, Schema schema) {
        String id = requests.eventIdField();
        boolean idInRecord = !id.isEmpty() && (schema == null || schema.field(id) != null);
        return !idInRecord || requests.dedupWindowMs() <= 0 || requests.dedupMaxIds() < requests.queueSize();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        // Everything queued (at most the queue's size): under exactly-once each poll is one transaction, whose
        // commit costs broker round trips whatever its size, so a busy listener commits fewer, larger ones.
        List<ListenedRecord> events = listener.take(maxBatch, IDLE_WAIT_MS);
        if (events.isEmpty()) {
            return null;
        }
        // An exact duplicate (a client's retry, in one poll's batch) becomes one record acknowledged to every request
        // that sent it: under exactly-once, Connect keys a transaction's records by equality, so two equal
        // records would get one commitRecord call and a request would wait for the other forever. (With
        // transaction.boundary=interval, equal records from different polls could still meet in one transaction.)
        Map<SourceRecord, ListenedRecord> equal = equalRecordsPossible ? new HashMap<>() : null;
        List<ListenedRecord> batch = new ArrayList<>(events.size());
        for (ListenedRecord record : events) {
            ListenedRecord first = equal == null ? null : equal.putIfAbsent(record, record);
            if (first == null) {
                batch.add(record);
            } else {
                first.absorb(record);
            }
        }
        InFlightBatch handedOver = new InFlightBatch(batch);
        synchronized (inFlight) {
            while (!inFlight.isEmpty() && inFlight.peekFirst().settled()) {
                inFlight.removeFirst();
            }
            inFlight.addLast(handedOver);
        }
        return new ArrayList<>(batch);
    }

    @Override
    public void written(SourceRecord record, RecordMetadata metadata) {
        if (record instanceof ListenedRecord listened) {
            listened.written(!record.topic().equals(topic));
        }
    }

    @Override
    public void stop() {
        listener.stop();
        IllegalStateException stopped = new IllegalStateException("the task stopped before the events were written");
        synchronized (inFlight) {
            inFlight.forEach(batch -> batch.fail(stopped));
            inFlight.clear();
        }
    }
}
