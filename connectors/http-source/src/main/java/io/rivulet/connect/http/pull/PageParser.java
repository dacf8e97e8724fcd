package io.rivulet.connect.http.pull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.connect.http.RecordFactory;
import io.rivulet.connect.http.convert.StreamingStructReader;

/**
 * Reads a page in one streaming pass: each record of the array at http.records.pointer straight into its Struct
 * ({@link StreamingStructReader}), the rest of the body (where the next cursor is) as a tree. A record the reader
 * declines keeps its place in the body, and is read as a tree, alone, to be converted or reported as before. A page
 * whose shape is not the simple one (records not an array in objects along the pointer, the records' name twice)
 * is left to the tree path whole: {@link #parse} returns null.
 */
final class PageParser {
    /**
     * One record of the page: its struct and captured fields, or null ones when the reader declined it; its tree is
     * read from its place in the body when someone asks (a declined record, or one whose errors the tree path
     * reports).
     */
    static final class Item {
        private final Struct value;
        private final Object[] captured;
        private final byte[] body;
        private final int from;
        private final int to;
        private JsonNode tree;

        private Item(Struct value, Object[] captured, byte[] body, int from, int to) {
            this.value = value;
            this.captured = captured;
            this.body = body;
            this.from = from;
            this.to = to;
        }

        private Item(JsonNode tree) {
            this(null, null, null, 0, 0);
            this.tree = tree;
        }

        /** A record read as a tree (the tree path, or an item of the array that is no object). */
        static Item of(JsonNode tree) {
            return new Item(tree);
        }

        /** The record's struct, or null when it was declined. */
        Struct value() {
            return value;
        }

        /** The captured fields of a streamed record; null when declined. */
        Object[] captured() {
            return captured;
        }

        /**
         * The record: made from the struct when streamed, else (or when its event time is one the tree path
         * reports) from the tree, as {@link RecordFactory#create(Map, Map, String, JsonNode, long,
         * org.apache.kafka.connect.header.Headers)} makes it.
         */
        SourceRecord record(RecordFactory records, Map<String, ?> partition, Map<String, ?> offset, String topic,
                            long nowMs) {
            if (value != null) {
                SourceRecord record = records.create(partition, offset, topic, value, captured, nowMs);
                if (record != null) {
                    return record;
                }
            }
            return records.create(partition, offset, topic, tree(), nowMs, null);
        }

        JsonNode tree() {
            if (tree == null) {
                try {
                    tree = FetchedPage.JSON.readTree(body, from, to - from);
                } catch (IOException e) {
                    throw new IllegalStateException("A record read once could not be read again", e);
                }
            }
            return tree;
        }
    }

    /** The page's records in order, and the body without them (for the next cursor). */
    record Parsed(JsonNode rest, List<Item> items) {
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
            List<Item> items = new ArrayList<>();
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
    private ObjectNode readObject(JsonParser parser, JsonPointer pointer, byte[] body, List<Item> items)
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
    private void readItems(JsonParser parser, byte[] body, List<Item> items) throws IOException {
        JsonStreamContext array = parser.getParsingContext();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.START_OBJECT) {
                items.add(Item.of(FetchedPage.JSON.readTree(parser)));
                continue;
            }
            int from = (int) parser.currentTokenLocation().getByteOffset();
            Object[] captured = new Object[reader.captures()];
            Struct value;
            try {
                value = reader.read(parser, captured);
            } catch (StreamingStructReader.Declined declined) {
                value = null;
                captured = null;
                while (parser.currentToken() != JsonToken.END_OBJECT || parser.getParsingContext() != array) {
                    if (parser.nextToken() == null) {
                        throw new IOException("The body ended inside a record");
                    }
                }
            }
            items.add(new Item(value, captured, body, from, (int) parser.currentLocation().getByteOffset()));
        }
    }
}
