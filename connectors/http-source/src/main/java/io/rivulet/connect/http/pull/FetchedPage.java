package io.rivulet.connect.http.pull;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful response: the parsed body, the next page's URL from a Link header (if any) and the answer's
 * validators; or, for a conditional request the API answered 304, no body ({@link #notModified()}).
 */
public record FetchedPage(URI uri, JsonNode body, URI nextLink, Validators validators) {
    static FetchedPage notModified(URI uri, Validators validators) {
        return new FetchedPage(uri, null, null, validators);
    }

    public boolean notModified() {
        return body == null;
    }
}
