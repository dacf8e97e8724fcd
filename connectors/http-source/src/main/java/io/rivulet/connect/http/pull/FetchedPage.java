package io.rivulet.connect.http.pull;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful response: the parsed body and the next page's URL from a Link header, if any. */
public record FetchedPage(URI uri, JsonNode body, URI nextLink) {
}
