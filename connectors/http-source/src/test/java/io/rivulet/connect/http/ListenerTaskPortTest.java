package io.rivulet.connect.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.rivulet.embedded.Ports;

/**
 * A listener task whose port is still held, as by its previous instance on the same worker while that one stops
 * after a rebalance: the new instance waits for the port instead of failing (Connect does not restart a failed
 * task), and a stop ends the wait.
 */
class ListenerTaskPortTest {

    @Test
    void startsOnceThePortIsReleased() throws Exception {
        int port = Ports.free();
        HttpListenerSourceTask task = new HttpListenerSourceTask();
        CompletableFuture<Void> started;
        try (ServerSocket previous = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            started = CompletableFuture.runAsync(() -> task.start(props(port)));
            Thread.sleep(700);
            assertTrue(!started.isDone(), "start gave up while the port was held");
        }
        try {
            started.get(10, TimeUnit.SECONDS);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        } finally {
            task.stop();
        }
    }

    @Test
    void aStopEndsTheWait() throws Exception {
        int port = Ports.free();
        HttpListenerSourceTask task = new HttpListenerSourceTask();
        try (ServerSocket previous = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> started = CompletableFuture.runAsync(() -> task.start(props(port)));
            Thread.sleep(500);
            long stopping = System.nanoTime();
            task.stop();
            started.get(5, TimeUnit.SECONDS);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
            assertTrue(waitedMs < 2_000, "start returned " + waitedMs + " ms after stop");
            assertNull(task.poll(), "a stopped task polls nothing");
        }
    }

    private static Map<String, String> props(int port) {
        return Map.of("topic", "clicks", "listener.bind", "127.0.0.1",
                HttpListenerSourceConfig.TASK_LISTENER_PORT_CONFIG, Integer.toString(port));
    }
}
