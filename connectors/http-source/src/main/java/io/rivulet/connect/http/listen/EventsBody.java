package io.rivulet.connect.http.listen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.connect.http.convert.StreamedObject;
import io.rivulet.connect.http.convert.StreamingStructReader;

/**
 * A request body as events: one JSON object or a non-empty array of objects, read in one pass that stops at the
 * first event over the size or count limit (an event larger than the producer's request size would fail the task;
 * a request with more events than the queue holds could never be accepted). Each event is read straight into its
 * struct where the streaming reader takes it: a tree per event, converted, was half of the listener's own time.
 */
final class EventsBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body is not what the listener takes; the message says why. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** The body is well-formed but over a limit; the message names it. */
    static final class OverLimit extends Exception {
        OverLimit(String message) {
            super(message, null, false, false);
        }
    }

    private EventsBody() {
    }

    /**
     * The events of {@code body}, each read by {@code reader} when it takes it (null: none is, each is read as a
     * tree).
     */
    static List<StreamedObject> parse(byte[] body, int maxEventBytes, int maxEvents, StreamingStructReader reader)
            throws Malformed, OverLimit {
        List<StreamedObject> events = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new Malformed("the body is empty");
            }
            if (first == JsonToken.START_OBJECT) {
                events.add(read(parser, body, 0, maxEventBytes, reader));
            } else if (first == JsonToken.START_ARRAY) {
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (token != JsonToken.START_OBJECT) {
                        throw new Malformed("every event in the array must be a JSON object");
                    }
                    if (events.size() == maxEvents) {
                        throw new OverLimit("more than " + maxEvents + " events in one request; at most " + maxEvents
                                + " fit (listener.queue.size)");
                    }
                    events.add(read(parser, body, events.size(), maxEventBytes, reader));
                }
                if (events.isEmpty()) {
                    throw new Malformed("expected a JSON object or a non-empty array of objects");
                }
            } else {
                throw new Malformed("expected a JSON object or a non-empty array of objects");
            }
            if (parser.nextToken() != null) {
                throw new Malformed("unexpected content after the events at byte "
                        + parser.currentTokenLocation().getByteOffset());
            }
        } catch (IOException e) {
            // Jackson's limits (nesting depth, number length), NaN and invalid UTF-8 end up here too.
            throw new Malformed("malformed JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage() : e.getMessage()));
        }
        return events;
    }

    private static StreamedObject read(JsonParser parser, byte[] body, int index, int maxEventBytes,
                                       StreamingStructReader reader) throws IOException, OverLimit {
        long start = parser.currentTokenLocation().getByteOffset();
        StreamedObject event = reader != null ? StreamedObject.read(parser, body, reader, parser.getParsingContext()
                .getParent()) : StreamedObject.of(parser.<ObjectNode>readValueAsTree());
        long size = parser.currentLocation().getByteOffset() - start;
        if (size > maxEventBytes) {
            throw new OverLimit("event " + index + " is " + size + " bytes; at most " + maxEventBytes
                    + " (listener.max.event.bytes)");
        }
        return event;
    }
}
