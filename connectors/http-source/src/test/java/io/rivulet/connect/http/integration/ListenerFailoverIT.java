package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectorStatus;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.Ports;
import io.rivulet.embedded.Waits;
import io.rivulet.testkit.TestServers;

/**
 * A worker running one of two listener tasks dies (SIGKILL) while clients post through a load balancer's rule
 * (a refused request goes to the other task's port): with the worker settings docs/http-source.md recommends, the
 * dead task's port serves again on the surviving worker within about 25 s, clients keep being served meanwhile, and
 * every acknowledged event is in the topic.
 */
@Tag("integration")
class ListenerFailoverIT {
    /** The recommended worker settings for listener clusters (docs/http-source.md, "Failover"). */
    static final Map<String, String> RECOMMENDED = Map.of("scheduled.rebalance.max.delay.ms", "10000",
            "session.timeout.ms", "10000", "heartbeat.interval.ms", "3000");

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void aKilledWorkersListenerIsBackWithinTheBoundAndNoAcknowledgedEventIsLost() throws Exception {
        KafkaBroker kafka = TestServers.kafka();
        ConnectCluster.Builder builder = ConnectCluster.builder(kafka).workers(2).forkedWorkers(true)
                .pluginPath(PluginInstaller.install(PluginInstaller.builtZips()));
        RECOMMENDED.forEach(builder::workerProperty);
        try (ConnectCluster connect = builder.start()) {
            int port = Ports.freeRange(2);
            String topic = "failover.clicks";
            Map<String, String> config = HttpSourceListenIT.listener(topic, port);
            config.put("tasks.max", "2");
            connect.rest().putConnectorConfig("clicks", config);
            ConnectorStatus spread = Waits.until("two listener tasks on two workers", TIMEOUT,
                    () -> connect.rest().status("clicks"), s -> s.allIn("RUNNING", 2)
                            && !s.tasks().get(0).workerId().equals(s.tasks().get(1).workerId()));

            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicLong lastRefusedOnDeadPort = new AtomicLong();
            AtomicInteger rerouted = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger sequence = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int home = c % 2;
                done.add(clients.submit(() -> {
                    while (running.get()) {
                        String id = "f-" + sequence.incrementAndGet();
                        for (int attempt = 0; running.get(); attempt++) {
                            int task = (home + attempt) % 2; // the balancer's next healthy target
                            if (post(port + task, id)) {
                                acked.add(id);
                                break;
                            }
                            if (task == 0) {
                                lastRefusedOnDeadPort.set(System.nanoTime());
                            }
                            rerouted.incrementAndGet();
                            Thread.sleep(20);
                        }
                    }
                    return null;
                }));
            }
            awaitMoreAcks(acked, 300);

            String deadWorker = spread.tasks().get(0).workerId();
            int index = workerIndex(connect, deadWorker);
            long killedAt = System.nanoTime();
            connect.killWorker(index);
            int ackedAtKill = acked.size();
            Waits.until("task 0 running on the surviving worker", TIMEOUT, () -> connect.rest().status("clicks"),
                    s -> s.allIn("RUNNING", 2) && !s.tasks().get(0).workerId().equals(deadWorker));
            Waits.until("task 0's port serving again", TIMEOUT, () -> post(port, "probe-" + System.nanoTime()),
                    served -> served);
            long downMs = (System.nanoTime() - killedAt) / 1_000_000;
            awaitMoreAcks(acked, 300);

            running.set(false);
            for (Future<?> future : done) {
                future.get();
            }
            clients.shutdown();
            Set<String> inTopic = HttpSourceListenIT.eventIds(kafka.awaitRecords(topic, acked.size(), TIMEOUT));
            Set<String> lost = new TreeSet<>(acked);
            lost.removeAll(inTopic);
            assertTrue(lost.isEmpty(), lost.size() + " acknowledged events missing, e.g. "
                    + lost.stream().limit(5).toList());
            assertTrue(downMs < 40_000, "task 0's port was down " + downMs + " ms");
            assertTrue(acked.size() > ackedAtKill + 300, "clients were served through the failover");
            System.out.printf("listener failover: worker killed, task 0's port down %d ms (refused until %d ms "
                    + "after the kill); %d events acknowledged, all in %s; %d requests rerouted%n", downMs,
                    Math.max(0, (lastRefusedOnDeadPort.get() - killedAt) / 1_000_000), acked.size(), topic,
                    rerouted.get());
        }
    }

    /** One click to one task's port; false when refused or unreachable (the caller tries elsewhere). */
    private static boolean post(int port, String id) {
        try {
            HttpResponse<String> response = HttpSourceListenIT.post(port, HttpSourceListenIT.click(id,
                    id.hashCode() & 7, "click"), Map.of());
            return response.statusCode() == 202;
        } catch (IOException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int workerIndex(ConnectCluster connect, String workerId) {
        List<ConnectCluster.Worker> workers = connect.workers();
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).url().getAuthority().equals(workerId)) {
                return i;
            }
        }
        throw new IllegalStateException("no worker " + workerId + " in " + workers);
    }

    private static void awaitMoreAcks(Set<String> acked, int more) {
        int target = acked.size() + more;
        Waits.until(target + " acknowledged events", TIMEOUT, acked::size, n -> n >= target);
    }
}
