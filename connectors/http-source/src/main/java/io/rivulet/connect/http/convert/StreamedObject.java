package io.rivulet.connect.http.convert;

import java.io.IOException;

import org.apache.kafka.connect.data.Struct;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One record's JSON object in a body (a pulled page, a POSTed request): its struct and captured fields when
 * {@link StreamingStructReader} read it, and its place in the body, from which its tree is read when someone asks
 * (a declined record, or one whose errors the tree path reports). Or just a tree, read as one.
 */
public final class StreamedObject {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Struct value;
    private final Object[] captured;
    private final byte[] body;
    private final int from;
    private final int to;
    private JsonNode tree;

    private StreamedObject(Struct value, Object[] captured, byte[] body, int from, int to, JsonNode tree) {
        this.value = value;
        this.captured = captured;
        this.body = body;
        this.from = from;
        this.to = to;
        this.tree = tree;
    }

    /** A record read as a tree (the tree path, or an item of an array that is no object). */
    public static StreamedObject of(JsonNode tree) {
        return new StreamedObject(null, null, null, 0, 0, tree);
    }

    /**
     * The object at the parser's {@link JsonToken#START_OBJECT}, read by {@code reader} up to and including its
     * end; when the reader declines it, the parser is moved to its end and only its place is kept.
     *
     * @param container the parsing context the object is in, which the parser is back in at the object's end
     */
    public static StreamedObject read(JsonParser parser, byte[] body, StreamingStructReader reader,
                                      JsonStreamContext container) throws IOException {
        int from = (int) parser.currentTokenLocation().getByteOffset();
        Object[] captured = new Object[reader.captures()];
        Struct value;
        try {
            value = reader.read(parser, captured);
        } catch (StreamingStructReader.Declined declined) {
            value = null;
            captured = null;
            while (parser.currentToken() != JsonToken.END_OBJECT || parser.getParsingContext() != container) {
                if (parser.nextToken() == null) {
                    throw new IOException("The body ended inside a record");
                }
            }
        }
        return new StreamedObject(value, captured, body, from, (int) parser.currentLocation().getByteOffset(), null);
    }

    /** The record's struct, or null when it was declined (or read as a tree). */
    public Struct value() {
        return value;
    }

    /** The captured fields of a streamed record ({@link StreamingStructReader#read}); null when declined. */
    public Object[] captured() {
        return captured;
    }

    /** The object as a tree, read from its place in the body the first time. */
    public JsonNode tree() {
        if (tree == null) {
            try {
                tree = JSON.readTree(body, from, to - from);
            } catch (IOException e) {
                throw new IllegalStateException("A record read once could not be read again", e);
            }
        }
        return tree;
    }
}
