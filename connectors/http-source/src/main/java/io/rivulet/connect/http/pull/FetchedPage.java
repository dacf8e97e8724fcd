package io.rivulet.connect.http.pull;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A successful response: the body as received (read as a tree by {@link #json()}, or streamed by
 * {@link PageParser}), the next page's URL from a Link header (if any) and the answer's validators; or, for a
 * conditional request the API answered 304, no body ({@link #notModified()}). {@code request} names the request in
 * messages ("GET http://shop/orders?cursor=c2", without credentials).
 */
public record FetchedPage(URI uri, String request, int status, byte[] body, URI nextLink, Validators validators) {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT = 300;

    static FetchedPage notModified(URI uri, String request, Validators validators) {
        return new FetchedPage(uri, request, 304, null, null, validators);
    }

    public boolean notModified() {
        return body == null;
    }

    /** How the body is read. */
    interface BodyReader<T> {
        T read(byte[] body) throws IOException;
    }

    /** The body as a tree; a body that is not JSON is a transient failure (an API answering an error page). */
    public JsonNode json() throws HttpFailure {
        return read(JSON::readTree);
    }

    /** The body as {@code reader} reads it, with a body that is not JSON failing as in {@link #json()}. */
    <T> T read(BodyReader<T> reader) throws HttpFailure {
        try {
            return reader.read(body);
        } catch (JsonProcessingException e) {
            throw new HttpFailure(request + " answered " + status + " with a body that is not JSON ("
                    + e.getOriginalMessage() + "): " + excerpt(body), true, -1, e, status);
        } catch (IOException e) {
            throw new IllegalStateException("Reading bytes in memory failed", e);
        }
    }

    /** The start of a body, for messages. */
    static String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, EXCERPT), StandardCharsets.UTF_8);
        return body.length > EXCERPT ? text + "..." : text;
    }
}
