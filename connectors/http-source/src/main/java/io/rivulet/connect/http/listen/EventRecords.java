package io.rivulet.connect.http.listen;

import java.util.UUID;

import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.connect.http.RecordFactory;
import io.rivulet.connect.http.convert.StreamedObject;
import io.rivulet.connect.http.convert.StreamingStructReader;

/**
 * Makes the record a POSTed event becomes, with the id retries are recognised by. An event without an id or a
 * receive time gets them (a random UUID, the time it was received), as the article's endpoint does. Called on the
 * thread that received the request, so that the task's one thread only hands records to Connect: converting every
 * event there made it the listener's bottleneck.
 *
 * <p>An event the streaming reader took, with its id and time, becomes its record straight from its struct; any
 * other (one to fill in, one the reader declined, or a schemaless one) from its tree, as before.
 */
final class EventRecords {
    /** Where the streaming reader keeps the id and the time field (after the record's key and event time). */
    private static final int ID = 2;
    private static final int TIME = 3;

    /** An event made a record, and its event id (null: it has none). */
    record Made(String id, SourceRecord record) {
    }

    private final RecordFactory factory;
    private final String topic;
    private final String idField;
    private final String timeField;
    private final StreamingStructReader reader;

    /** Records for {@code topic}; the id and time fields are {@code requests}'. */
    EventRecords(RecordFactory factory, String topic, RequestSettings requests) {
        this.factory = factory;
        this.topic = topic;
        this.idField = requests.eventIdField();
        this.timeField = requests.timestampField();
        this.reader = factory.streams() ? factory.streamingReader(idField.isEmpty() ? null : idField,
                timeField.isEmpty() ? null : timeField) : null;
    }

    /** The reader of events straight into their structs, or null when every event is read as a tree. */
    StreamingStructReader reader() {
        return reader;
    }

    Made make(StreamedObject event, Headers headers, long receivedMs) {
        if (event.value() != null) {
            Object[] captured = event.captured();
            if (present(captured[ID], idField) && present(captured[TIME], timeField)) {
                SourceRecord record = factory.create(null, null, topic, event.value(), captured, receivedMs,
                        headers);
                if (record != null) {
                    return new Made(idField.isEmpty() ? null : captured[ID].toString(), record);
                }
            }
        }
        ObjectNode tree = (ObjectNode) event.tree();
        fill(tree, receivedMs);
        return new Made(eventId(tree), factory.create(null, null, topic, tree, receivedMs, headers));
    }

    /** Whether the event has what {@code field} names (a string or a whole number), or no such field is wanted. */
    private static boolean present(Object captured, String field) {
        return field.isEmpty() || captured != null && captured != StreamingStructReader.NULL;
    }

    private void fill(ObjectNode event, long receivedMs) {
        if (!idField.isEmpty() && !event.hasNonNull(idField)) {
            event.put(idField, UUID.randomUUID().toString());
        }
        if (!timeField.isEmpty() && !event.hasNonNull(timeField)) {
            event.put(timeField, receivedMs);
        }
    }

    private String eventId(JsonNode event) {
        if (idField.isEmpty()) {
            return null;
        }
        JsonNode id = event.get(idField);
        return id != null && id.isValueNode() && !id.isNull() ? id.asText() : null;
    }
}
