package io.rivulet.connect.http.listen;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.connect.http.HttpListenerSourceConfig;
import io.rivulet.embedded.Ports;

/**
 * A listener started from a task config as the task starts it, with a writer standing in for Connect: it takes the
 * queued events and confirms their writes (unless paused), keeping what it wrote.
 */
final class TestListener implements AutoCloseable {
    final EventListener listener;
    final int port;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The events written, as their (schemaless) record values. */
    final List<JsonNode> written = new CopyOnWriteArrayList<>();
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final Object taking = new Object();
    private final Thread writer;
    private volatile boolean running = true;

    private TestListener(EventListener listener, int port) {
        this.listener = listener;
        this.port = port;
        this.writer = new Thread(this::write, "test-writer-" + port);
        writer.setDaemon(true);
        writer.start();
    }

    /** A listener on a free port with the task's defaults, overridden by {@code overrides}. */
    static TestListener start(Map<String, String> overrides) throws Exception {
        int port = Ports.free();
        Map<String, String> props = new HashMap<>();
        props.put("topic", "clicks");
        props.put("listener.bind", "127.0.0.1");
        props.put(HttpListenerSourceConfig.TASK_LISTENER_PORT_CONFIG, Integer.toString(port));
        props.putAll(overrides);
        HttpListenerSourceConfig config = HttpListenerSourceConfig.forTask(props);
        io.rivulet.connect.http.RecordFactory records = config.recordFactory();
        return new TestListener(EventListener.start("test-listener", config.serverSettings(), config.requestSettings(),
                new EventRecords(records, "clicks", config.requestSettings())),
                port);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/events");
    }

    /** Stops confirming writes; once it returns, no event is taken until {@link #resume()}. */
    void pause() {
        writing.set(false);
        synchronized (taking) {
            // the writer is out of take(): what arrives from now on stays queued
        }
    }

    void resume() {
        writing.set(true);
    }

    private void write() {
        while (running) {
            if (!writing.get()) {
                sleep();
                continue;
            }
            try {
                synchronized (taking) {
                    if (!writing.get()) {
                        continue;
                    }
                    for (ListenedRecord event : listener.take(500, 20)) {
                        written.add(JSON.valueToTree(event.value()));
                        event.written(false);
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        listener.stop();
        running = false;
        writer.join(5000);
    }
}
