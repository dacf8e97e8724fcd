package io.rivulet.connect.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import io.rivulet.connect.http.pull.PullPoller;
import io.rivulet.testkit.ShopApiStub;

/** A pulling task's requests, answers and retries per endpoint, as JMX shows them, against what the shop saw. */
class PullPollerMetricsTest {
    @Test
    void requestsByAnswerAndRetriesAreCountedPerEndpoint() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.rivulet.connect.http:type=HttpPull,connector=orders-pull,"
                + "endpoint=default");
        try (ShopApiStub shop = ShopApiStub.start()) {
            shop.addOrders(5);
            shop.failNext(ShopApiStub.Fault.SERVER_ERROR, ShopApiStub.Fault.SERVER_ERROR);
            PullPoller poller = TestPullPollers.start(shop, Map.of("name", "orders-pull",
                    "http.retry.backoff.ms", "10", "http.retry.backoff.max.ms", "20", "poll.interval.ms", "60000"));
            try {
                assertEquals(5, TestPullPollers.pollFor(poller, 2_000).size());
                long requests = shop.requests().size();
                assertEquals(2L, jmx.getAttribute(name, "Responses5xx"));
                assertEquals(2L, jmx.getAttribute(name, "Retries"));
                assertEquals(requests - 2, jmx.getAttribute(name, "Responses2xx"));
                assertEquals(0L, jmx.getAttribute(name, "Responses4xx"));
                assertEquals(0L, jmx.getAttribute(name, "Unanswered"));
                assertEquals(requests, jmx.getAttribute(name, "RequestSecondsCount"));
                assertTrue((Double) jmx.getAttribute(name, "RequestSecondsMax") > 0);
            } finally {
                poller.stop();
            }
            assertFalse(jmx.isRegistered(name), "a stopped task's metrics are gone");
        }
    }
}
