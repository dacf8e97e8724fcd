package io.rivulet.connect.http.listen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The listener's answers: a status and a small JSON body, written without blocking. */
final class JsonAnswer {
    private JsonAnswer() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** {@code {"error": reason}} with {@code status}. */
    static void error(Response response, Callback callback, int status, String reason) {
        send(response, callback, status, object().put("error", reason));
    }

    /** 503 with Retry-After: the client should send the same request again. */
    static void retryLater(Response response, Callback callback, String reason) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        error(response, callback, 503, reason + "; retry");
    }

    static void send(Response response, Callback callback, int status, ObjectNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
