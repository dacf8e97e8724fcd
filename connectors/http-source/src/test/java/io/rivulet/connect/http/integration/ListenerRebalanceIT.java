package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.embedded.ConnectorStatus;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.Ports;
import io.rivulet.embedded.Waits;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.TestServers;

/**
 * A two-task listener while the Connect group changes under it: a worker joins (one task moves to it), another
 * connector is added (no listener task should stop), the worker leaves again (its task comes back). Clients retry
 * refused requests, as docs/http-source.md tells them to; every acknowledged event must be in the topic.
 */
@Tag("integration")
class ListenerRebalanceIT {
    // A leaving worker's tasks are reassigned after this delay (Connect's default is five minutes).
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins(cluster -> cluster
            .workerProperty("scheduled.rebalance.max.delay.ms", "3000"));

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static KafkaBroker kafka;

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
    }

    @Test
    void listenersServeThroughRebalancesAndNoAcknowledgedEventIsLost() throws Exception {
        int port = Ports.freeRange(2);
        String topic = "rebalance.clicks";
        Map<String, String> config = HttpSourceListenIT.listener(topic, port);
        config.put("tasks.max", "2");
        CONNECT.rest().putConnectorConfig("clicks", config);
        CONNECT.rest().awaitRunning("clicks", 2, TIMEOUT);

        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicIntegerArray refused = new AtomicIntegerArray(2); // per task port: 503s and refused connections
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int task = c % 2;
            done.add(clients.submit(() -> {
                while (running.get()) {
                    String id = "e-" + sequence.incrementAndGet();
                    while (running.get()) { // a browser retries the same event until it is accepted
                        try {
                            HttpResponse<String> response = HttpSourceListenIT.post(port + task,
                                    HttpSourceListenIT.click(id, id.hashCode() & 7, "click"), Map.of());
                            if (response.statusCode() == 202) {
                                acked.add(id);
                                break;
                            }
                            assertEquals(503, response.statusCode(), response.body());
                        } catch (IOException e) {
                            // the task is between workers: nothing listens on its port for a moment
                        }
                        refused.incrementAndGet(task);
                        Thread.sleep(50);
                    }
                }
                return null;
            }));
        }
        awaitMoreAcks(acked, 200);

        // A second worker joins: the cooperative rebalance moves one of the two tasks to it.
        CONNECT.cluster().addWorker();
        Waits.until("the listener tasks on two workers", TIMEOUT, () -> CONNECT.rest().status("clicks"),
                s -> s.allIn("RUNNING", 2) && !s.tasks().get(0).workerId().equals(s.tasks().get(1).workerId()));
        awaitMoreAcks(acked, 200);

        // Another connector arrives: the listener tasks stay where they are and keep serving.
        ConnectorStatus before = CONNECT.rest().status("clicks");
        int refusedBefore = refused.get(0) + refused.get(1);
        CONNECT.rest().putConnectorConfig("other", HttpSourceListenIT.listener("rebalance.other", Ports.free()));
        CONNECT.rest().awaitRunning("other", 1, TIMEOUT);
        awaitMoreAcks(acked, 200);
        assertEquals(before.tasks(), CONNECT.rest().status("clicks").tasks(), "the listener tasks did not move");
        assertEquals(refusedBefore, refused.get(0) + refused.get(1),
                "no request refused while another connector joined");

        // The new worker leaves cleanly: after the rebalance delay its task comes back to the first worker.
        String moved = before.tasks().get(0).workerId().equals(CONNECT.cluster().workers().get(0).url().getAuthority())
                ? before.tasks().get(1).workerId() : before.tasks().get(0).workerId();
        CONNECT.cluster().stopWorker(1);
        Waits.until("both listener tasks back on the first worker", TIMEOUT, () -> CONNECT.rest().status("clicks"),
                s -> s.allIn("RUNNING", 2) && s.tasks().stream().noneMatch(t -> t.workerId().equals(moved)));
        awaitMoreAcks(acked, 200);

        running.set(false);
        for (Future<?> future : done) {
            future.get();
        }
        clients.shutdown();
        Set<String> inTopic = HttpSourceListenIT.eventIds(kafka.awaitRecords(topic, acked.size(), TIMEOUT));
        Set<String> lost = new java.util.TreeSet<>(acked);
        lost.removeAll(inTopic);
        assertTrue(lost.isEmpty(), lost.size() + " acknowledged events missing, e.g. " + lost.stream().limit(5)
                .toList());
        assertNotEquals(0, acked.size());
        System.out.printf("listener through rebalances: %d events acknowledged, all in %s; %d refusals retried "
                + "(port %d: %d, port %d: %d)%n", acked.size(), topic, refused.get(0) + refused.get(1), port,
                refused.get(0), port + 1, refused.get(1));
    }

    private static void awaitMoreAcks(Set<String> acked, int more) {
        int target = acked.size() + more;
        Waits.until(target + " acknowledged events", TIMEOUT, acked::size, n -> n >= target);
    }
}
