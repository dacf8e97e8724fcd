package io.rivulet.connect.http.listen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.connect.http.convert.StreamedObject;

/**
 * {@code POST <path>} with one JSON object or an array of them ({@code application/json}, or {@code text/plain} as
 * {@code sendBeacon} sends it). The answer is 202 once every event is written to Kafka, and otherwise names what is
 * wrong: 400 malformed JSON, 401 token, 404 path, 405 method, 408 body too slow, 413 body or event count over the
 * limit, 415 content type or encoding, 503 with Retry-After when the queue is full, the write is not confirmed in
 * time or the task is stopping. Nothing a client sends reaches Connect other than as events.
 */
final class PostedEventsHandler extends Handler.Abstract.NonBlocking {
    private static final Logger log = LoggerFactory.getLogger(PostedEventsHandler.class);
    /** Answers {@code GET} with 200 while the task takes events, for load balancers' health checks. */
    static final String HEALTH_PATH = "/health";

    private final RequestSettings settings;
    private final BearerToken token;
    private final EventQueue queue;
    private final EventRecords records;
    private final RecentEventIds recent;
    private final HeaderTimeout headerTimeout;
    private final long readTimeoutMs;

    PostedEventsHandler(RequestSettings settings, EventQueue queue, EventRecords records, HeaderTimeout headerTimeout,
                        long readTimeoutMs) {
        this.settings = settings;
        this.token = new BearerToken(settings.token());
        this.queue = queue;
        this.records = records;
        this.recent = new RecentEventIds(settings.dedupWindowMs(), settings.dedupMaxIds());
        this.headerTimeout = headerTimeout;
        this.readTimeoutMs = readTimeoutMs;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (HEALTH_PATH.equals(Request.getPathInContext(request)) && "GET".equals(request.getMethod())) {
            // For load balancers' health checks: up while the task takes events.
            JsonAnswer.send(response, callback, queue.closed() ? 503 : 200, JsonAnswer.object()
                    .put("status", queue.closed() ? "STOPPING" : "UP"));
            return true;
        }
        if (!settings.path().equals(Request.getPathInContext(request))) {
            refuseUnread(request, response, callback, 404, "POST events to " + settings.path());
            return true;
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            refuseUnread(request, response, callback, 405, "only POST");
            return true;
        }
        if (!token.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            refuseUnread(request, response, callback, 401, "missing or wrong bearer token");
            return true;
        }
        String refused = unsupportedContent(request);
        if (refused != null) {
            refuseUnread(request, response, callback, 415, refused);
            return true;
        }
        if (request.getLength() > settings.maxBodyBytes() + BodyReader.DRAIN_BYTES) {
            refuseUnread(request, response, callback, 413, bodyTooLarge());
            return true;
        }
        if (queue.closed()) {
            JsonAnswer.retryLater(response, callback, "the task is stopping");
            return true;
        }
        Connection connection = request.getConnectionMetaData().getConnection();
        headerTimeout.handling(connection, true);
        Callback done = Callback.from(callback, () -> headerTimeout.handling(connection, false));
        BodyReader.read(request, settings.maxBodyBytes(), readTimeoutMs, new Promise<>() {
            @Override
            public void succeeded(byte[] body) {
                accept(request, response, done, body);
            }

            @Override
            public void failed(Throwable failure) {
                if (failure instanceof BodyReader.TooLarge) {
                    JsonAnswer.error(response, done, 413, bodyTooLarge());
                } else if (failure instanceof BodyReader.TooSlow) {
                    JsonAnswer.error(response, done, 408, failure.getMessage());
                } else {
                    done.failed(failure); // the connection broke: nobody is left to answer
                }
            }
        });
        return true;
    }

    /**
     * Answers before the body is read. On HTTP/1.1 the connection then closes: the rest of the body may still be on
     * its way, and a client that sent its next request on the same connection would get no answer to it.
     */
    private static void refuseUnread(Request request, Response response, Callback callback, int status,
                                     String reason) {
        boolean mayHaveBody = request.getLength() != 0;
        if (mayHaveBody && request.getConnectionMetaData().getHttpVersion().getVersion() < 20) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        JsonAnswer.error(response, callback, status, reason);
    }

    private String bodyTooLarge() {
        return "the body is larger than " + settings.maxBodyBytes() + " bytes (listener.max.body.bytes)";
    }

    /** Why the body cannot be read as JSON events, or null. */
    private static String unsupportedContent(Request request) {
        String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING); // gzip is already inflated
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            return "Content-Encoding '" + encoding + "' is not supported; send gzip or none";
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null) {
            return null;
        }
        String mime = MimeTypes.getContentTypeWithoutCharset(type).trim().toLowerCase(java.util.Locale.ROOT);
        if (mime.equals("application/json") || mime.equals("text/plain")) {
            return null;
        }
        return "Content-Type '" + type + "' is not supported; send application/json or text/plain";
    }

    private void accept(Request request, Response response, Callback callback, byte[] body) {
        List<StreamedObject> events;
        try {
            events = EventsBody.parse(body, settings.maxEventBytes(), queue.capacity(), records.reader());
        } catch (EventsBody.Malformed e) {
            JsonAnswer.error(response, callback, 400, e.getMessage());
            return;
        } catch (EventsBody.OverLimit e) {
            JsonAnswer.error(response, callback, 413, e.getMessage());
            return;
        }
        Headers headers = tracingHeaders(request);
        long now = System.currentTimeMillis();
        List<ListenedRecord> made = new ArrayList<>(events.size());
        List<String> ids = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            try {
                // Headers are per record: a transform may change one record's.
                EventRecords.Made event = records.make(events.get(i), headers.duplicate(), now);
                ids.add(event.id());
                made.add(new ListenedRecord(event.record()));
            } catch (RuntimeException e) { // a defect, not the client's: answered, and the task runs on
                log.error("Cannot make event {} of {} a record", i, request, e);
                JsonAnswer.error(response, callback, 500, "event " + i + " could not be made a record: " + e);
                return;
            }
        }
        List<CompletableFuture<Boolean>> firstWrites = recent.claim(ids, made, now);
        PendingRequest pending = new PendingRequest(events.size());
        List<ListenedRecord> fresh = new ArrayList<>(events.size());
        List<CompletableFuture<Boolean>> earlier = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            CompletableFuture<Boolean> first = firstWrites.get(i);
            if (first == null) {
                made.get(i).answers(pending);
                fresh.add(made.get(i));
            } else {
                earlier.add(first);
            }
        }
        if (!queue.offerAll(fresh)) {
            Exception refused = new IllegalStateException(queue.closed() ? "the task is stopping"
                    : "the queue is full");
            // Failed, so a retry writes them (dedup forgets failed writes).
            fresh.forEach(event -> event.failed(refused));
            JsonAnswer.retryLater(response, callback, refused.getMessage());
            return;
        }
        earlier.forEach(pending::trackEarlier);
        answerWhenWritten(request, response, callback, pending);
    }

    private void answerWhenWritten(Request request, Response response, Callback callback, PendingRequest pending) {
        Scheduler.Task timeout = request.getComponents().getScheduler().schedule(() -> pending.done()
                .completeExceptionally(new IllegalStateException("the write was not confirmed in "
                        + settings.ackTimeoutMs() + " ms")), settings.ackTimeoutMs(), TimeUnit.MILLISECONDS);
        // Answered from the thread that completed the last write (the producer's, or the task's under exactly-once):
        // Jetty's writes do not block, and handing the answer to another thread measured slower.
        pending.done().whenComplete((outcome, failure) -> {
            timeout.cancel();
            if (failure != null) {
                log.debug("Answering 503 to {}: {}", request, failure.getMessage());
                JsonAnswer.retryLater(response, callback, failure.getMessage());
            } else {
                JsonAnswer.send(response, callback, 202, JsonAnswer.object().put("accepted", outcome.accepted())
                        .put("invalid", outcome.invalid()).put("duplicates", outcome.duplicates()));
            }
        });
    }

    private static Headers tracingHeaders(Request request) {
        Headers headers = new ConnectHeaders();
        String traceparent = request.getHeaders().get("traceparent");
        if (traceparent != null) {
            headers.addString("traceparent", traceparent);
        }
        String requestId = request.getHeaders().get("X-Request-Id");
        if (requestId != null) {
            headers.addString("rivulet.request.id", requestId);
        }
        return headers;
    }
}
