package io.rivulet.connect.http.pull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.connect.http.convert.StreamedObject;
import io.rivulet.connect.http.convert.StreamingStructReader;

/**
 * Reads a page in one streaming pass: each record of the array at http.records.pointer straight into its Struct
 * ({@link StreamingStructReader}), the rest of the body (where the next cursor is) as a tree. A record the reader
 * declines keeps its place in the body ({@link StreamedObject}), and is read as a tree, alone, to be converted or
 * reported as before. A page
 * whose shape is not the simple one (records not an array in objects along the pointer, the records' name twice)
 * is left to the tree path whole: {@link #parse} returns null.
 */
final class PageParser {
    /** The page's records in order, and the body without them (for the next cursor). */
    record Parsed(JsonNode rest, List<StreamedObject> items) {
    }

    private final JsonPointer recordsPointer;
    private final StreamingStructReader reader;

    /** @param recordsPointer where the records are; null or empty: the body is the array */
    PageParser(JsonPointer recordsPointer, StreamingStructReader reader) {
        this.recordsPointer = recordsPointer == null || recordsPointer.matches() ? null : recordsPointer;
        this.reader = reader;
    }

    /**
     * The page's records and the rest of its body, or null when the tree path must read it.
     *
     * @throws IOException the body is not JSON
     */
    Parsed parse(byte[] body) throws IOException {
        try (JsonParser parser = FetchedPage.JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            List<StreamedObject> items = new ArrayList<>();
            if (recordsPointer == null) {
                if (first != JsonToken.START_ARRAY) {
                    return null;
                }
                readItems(parser, body, items);
                return new Parsed(FetchedPage.JSON.createArrayNode(), items);
            }
            if (first != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode rest = readObject(parser, recordsPointer, body, items);
            return rest == null ? null : new Parsed(rest, items);
        }
    }

    /**
     * The object at the parser with the records (at {@code pointer} below it) read into {@code items} and left out;
     * null when they are not there as an array.
     */
    private ObjectNode readObject(JsonParser parser, JsonPointer pointer, byte[] body, List<StreamedObject> items)
            throws IOException {
        ObjectNode node = FetchedPage.JSON.createObjectNode();
        String wanted = pointer.getMatchingProperty();
        JsonPointer below = pointer.tail();
        boolean found = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!name.equals(wanted)) {
                node.set(name, FetchedPage.JSON.readTree(parser)); // a repeated name: the last, as in the tree
                continue;
            }
            if (found) {
                return null;
            }
            found = true;
            if (below.matches()) {
                if (value != JsonToken.START_ARRAY) {
                    return null;
                }
                readItems(parser, body, items);
                node.set(name, FetchedPage.JSON.createArrayNode());
            } else {
                if (value != JsonToken.START_OBJECT) {
                    return null;
                }
                ObjectNode child = readObject(parser, below, body, items);
                if (child == null) {
                    return null;
                }
                node.set(name, child);
            }
        }
        return found ? node : null;
    }

    /** The records of the array at the parser, up to and including its end. */
    private void readItems(JsonParser parser, byte[] body, List<StreamedObject> items) throws IOException {
        JsonStreamContext array = parser.getParsingContext();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.START_OBJECT) {
                items.add(StreamedObject.of(FetchedPage.JSON.readTree(parser)));
                continue;
            }
            items.add(StreamedObject.read(parser, body, reader, array));
        }
    }
}
