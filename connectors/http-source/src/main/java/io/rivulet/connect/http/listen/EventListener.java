package io.rivulet.connect.http.listen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.common.MBeans;
import io.rivulet.connect.http.HttpAnswers;

/**
 * A listening task's HTTP(S) server and the queue its requests fill: events POSTed to it wait there for Connect's
 * next poll, and each request is answered once its events are written (see {@link PostedEventsHandler}).
 */
public final class EventListener {
    private static final Logger log = LoggerFactory.getLogger(EventListener.class);

    private final EventQueue queue;
    private final ListenerServer server;
    private final MBeans.Registration registration;

    private EventListener(EventQueue queue, ListenerServer server, MBeans.Registration registration) {
        this.queue = queue;
        this.server = server;
        this.registration = registration;
    }

    static EventListener start(String connector, ServerSettings settings, RequestSettings requests,
                               EventRecords records) throws Exception {
        EventQueue queue = new EventQueue(requests.queueSize());
        HttpAnswers answers = new HttpAnswers();
        ListenerServer server = ListenerServer.start(settings, requests, queue, records, answers);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("type", "HttpListener");
        keys.put("connector", connector);
        keys.put("port", Integer.toString(server.port())); // a connector's tasks listen on ports of their own
        log.info("Listening for events on {}://{}:{}{} (CORS origins: {}, token: {})", settings.scheme(),
                settings.bind(), server.port(), requests.path(), requests.corsAllowedOrigins().isEmpty() ? "none"
                        : requests.corsAllowedOrigins(), requests.token().isEmpty() ? "none" : "required");
        return new EventListener(queue, server, MBeans.register(HttpAnswers.MBEAN_DOMAIN, keys, answers));
    }

    /** Takes up to {@code max} waiting events, waiting up to {@code waitMs} for the first. */
    List<ListenedRecord> take(int max, long waitMs) throws InterruptedException {
        return queue.take(max, waitMs);
    }

    /** Events waiting for Connect's next poll. */
    int queued() {
        return queue.size();
    }

    long slowHeaderConnectionsClosed() {
        return server.slowHeaderConnectionsClosed();
    }

    /** Stops taking requests, fails those still waiting (their clients retry), and closes the port. */
    void stop() {
        MBeans.unregister(registration);
        queue.close(new IllegalStateException("the task stopped before the events were written"));
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("The listener's server did not stop cleanly", e);
        }
    }
}
