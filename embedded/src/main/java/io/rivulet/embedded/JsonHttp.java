package io.rivulet.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON over HTTP for the test kit's REST clients: what curl does for users. */
final class JsonHttp {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String contentType;
    private final Duration timeout;

    JsonHttp(String contentType, Duration timeout) {
        this.contentType = contentType;
        this.timeout = timeout;
    }

    record Response(String request, int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** This response, or a {@link RestCallException} if its status is an error. */
        Response orThrow() {
            if (!ok()) {
                throw new RestCallException(request, status, body);
            }
            return this;
        }

        <T> T as(TypeReference<T> type) {
            return read(body, type);
        }
    }

    Response send(String method, URI uri, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(write(body));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", contentType).header("Accept", "application/json")
                .method(method, publisher).build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(method + " " + uri, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + uri + " interrupted", e);
        }
    }

    static String write(Object value) {
        try {
            return value instanceof String ? (String) value : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value + " as JSON", e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unexpected JSON: " + json, e);
        }
    }
}
