package io.rivulet.local.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.rivulet.embedded.ChildJvm;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.PrometheusServer;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.local.GroupLagExporter;
import io.rivulet.local.LocalMonitoring;
import io.rivulet.local.LocalPipeline;
import io.rivulet.simulator.Simulator;

/**
 * The compose stack's monitoring for real: the pipeline's broker, worker and aggregator in their own JVMs with the
 * JMX exporter agent and the compose rules, scraped by a real Prometheus with the compose config and alert rules
 * (thresholds and durations lowered in a test copy, {@link #loweredAlertRules}), while the simulator runs. Every
 * PromQL expression of the Grafana dashboard and the alert rules returns data; the figures agree with what the
 * simulator did; then faults make each alert fire in Prometheus: a connector with a wrong API token (a FAILED
 * task), the JDBC sink paused (its group's lag, from committed offsets: {@link GroupLagExporter}), a client posting
 * invalid clicks (invalid rate).
 */
@Tag("integration")
class MonitoringIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static LocalMonitoring monitoring;
    private static LocalPipeline pipeline;
    private static ChildJvm aggregator;
    private static PrometheusServer prometheus;
    private static GroupLagExporter groupLag;
    private static Simulator simulator;
    private static List<Path> configs;

    @BeforeAll
    static void start() throws IOException {
        assertTrue(PrometheusServer.installed(), "prometheus is not installed: apt-get install prometheus "
                + "(.ci/run does)");
        monitoring = LocalMonitoring.of(ConnectConfigFiles.folder().resolveSibling("monitoring"));
        pipeline = new LocalPipeline(new LocalPipeline.Options(Duration.ofSeconds(5), Duration.ofSeconds(2), 400,
                20261203L, Duration.ofMinutes(4), false, ConnectConfigFiles.folder(), PluginInstaller.builtZips(),
                3));
        pipeline.startServices(LocalPipeline.Cluster.monitored(monitoring));
        configs = pipeline.writeConfigs();
        pipeline.deploy(configs);
        aggregator = pipeline.startAggregatorProcess("monitored", Map.of(),
                monitoring.smallJvmWithAgent(LocalMonitoring.Role.AGGREGATOR));
        groupLag = monitoring.startGroupLag(pipeline.kafka().bootstrapServers());
        prometheus = monitoring.startPrometheus(loweredAlertRules(monitoring.alertRules()), Duration.ofSeconds(2));
        // No duplicates: every acknowledged click is one record in a topic, so the topics' rates are the clients'.
        simulator = pipeline.startSimulator(WorkDirs.fresh("monitoring-truth").resolve("ground-truth.json"),
                Map.of("duplicate-every", "0"));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (groupLag != null) {
            groupLag.close();
        }
        if (aggregator != null) {
            aggregator.stop(30);
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /**
     * The compose alert rules with test thresholds: each {@code for} 4 s, rates over 30 s instead of 5 minutes,
     * lag above 20 records instead of 50k (the analytics topics get about two records a second here).
     */
    static Path loweredAlertRules(Path rules) throws IOException {
        String lowered = Files.readString(rules).replaceAll("for: \\S+", "for: 4s").replace("[5m]", "[30s]")
                .replace("> 50000", "> 20");
        Path copy = WorkDirs.fresh("alert-rules").resolve("alerts.yml");
        Files.writeString(copy, lowered);
        return copy;
    }

    @Test
    void dashboardsShowTheTruthAndEachAlertFiresOnItsFault() throws Exception {
        // Every target is scraped.
        JsonNode targets = Waits.until("every exporter scraped", TIMEOUT, prometheus::targets,
                t -> t.size() == 4 && allUp(t));
        assertEquals(4, targets.size());

        // Throughput: records into clickstream.events over a minute against the clicks the listener acknowledged.
        Waits.until("a minute of traffic", TIMEOUT, () -> simulator.stats().clicksAcknowledged(), n -> n > 1000);
        long before = simulator.stats().clicksAcknowledged();
        long requestsBefore = simulator.acknowledgedClickRequests();
        long invalidBefore = simulator.stats().invalid();
        long eventsBefore = simulator.stats().events();
        Thread.sleep(60_000);
        long acknowledged = simulator.stats().clicksAcknowledged() - before;
        double requestsTruth = (simulator.acknowledgedClickRequests() - requestsBefore) / 60.0;
        double accepted = value(prometheus.query("sum(rate(rivulet_http_listener_responses_total{code=\"2xx\"}[1m]))"));
        double shown = value(prometheus.query("sum(rate(kafka_producer_topic_record_send_total"
                + "{topic=~\"clickstream\\\\.events|clickstream\\\\.events\\\\.invalid\"}[1m]))"));
        double truth = acknowledged / 60.0;
        System.out.printf("clicks into topics: Prometheus %.1f/s, listener acknowledged %.1f/s%n", shown, truth);
        assertTrue(Math.abs(shown - truth) <= 0.1 * truth, "Prometheus shows " + shown + "/s, the listener "
                + "acknowledged " + truth + "/s");
        System.out.printf("listener 2xx answers: Prometheus %.2f/s, the simulator's requests acknowledged %.2f/s%n",
                accepted, requestsTruth);
        assertTrue(Math.abs(accepted - requestsTruth) <= 0.1 * requestsTruth, "Prometheus shows " + accepted
                + " 2xx/s, the simulator had " + requestsTruth + " requests/s acknowledged");

        // Every dashboard and alert expression returns data.
        Map<String, String> expressions = new LinkedHashMap<>(monitoring.dashboardExpressions());
        expressions.putAll(monitoring.alertExpressions());
        Map<String, String> results = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            if (e.getValue().contains("rivulet_druid_sink_")) {
                continue; // no Druid here: DruidSinkIT scrapes the Druid sink's metrics and queries these panels
            }
            String expression = e.getValue().replaceAll("\\s*>\\s*[0-9.]+\\s*$", ""); // an alert's value, not its test
            JsonNode result = prometheus.query(expression);
            assertFalse(result.isEmpty(), e.getKey() + ": no data for " + expression);
            results.put(e.getKey(), result.toString());
        }
        results.forEach((panel, result) -> System.out.println(panel + " -> " + result));
        System.out.print(monitoring.dashboardFigures(prometheus));

        // Results come within seconds of their window's close (5 s windows, 2 s grace here).
        double latency = value(prometheus.query(expressions.get("Result latency after window close (s) #1")));
        System.out.printf("result latency after window close: %.3f s on average; the largest per task: %s%n",
                latency, prometheus.query("max by (task) (rivulet_aggregator_window_result_latency_seconds_max)"));
        assertTrue(latency >= 0 && latency < 5, "average result latency " + latency + " s");
        double hitRate = value(prometheus.query(expressions.get("Redis cache hit rate #1")));
        assertTrue(hitRate > 0 && hitRate <= 1, "Redis cache hit rate " + hitRate);
        assertTrue(value(prometheus.query("sum(rate(rivulet_http_pull_requests_total{code=\"2xx\"}[1m]))")) > 0,
                "the orders endpoint is asked");

        // The invalid rate the dashboard shows is the simulator's invalid share.
        double invalidShare = (double) (simulator.stats().invalid() - invalidBefore)
                / (simulator.stats().events() - eventsBefore);
        double invalidShown = value(prometheus.query(expressions.get("Invalid rate #1").replace("[5m]", "[1m]")));
        System.out.printf("invalid rate: Prometheus %.4f, simulator %.4f%n", invalidShown, invalidShare);
        assertTrue(Math.abs(invalidShown - invalidShare) <= Math.max(0.003, 0.25 * invalidShare),
                "invalid rate shown " + invalidShown + ", sent " + invalidShare);

        // A connector whose API token is wrong fails its task: ConnectorTaskFailed fires for it.
        assertFalse(firing(prometheus.alerts(), "ConnectorTaskFailed", "connector", "orders-wrong-token"));
        Path orders = configs.stream().filter(f -> f.getFileName().toString().equals("orders-http-source.json"))
                .findFirst().orElseThrow();
        Map<String, String> wrongToken = new LinkedHashMap<>(ConnectConfigFiles.read(orders));
        wrongToken.put("http.auth.token", "not-the-shop-token");
        pipeline.connect().rest().putConnectorConfig("orders-wrong-token", wrongToken);
        awaitFiring("ConnectorTaskFailed", "connector", "orders-wrong-token");
        pipeline.connect().rest().deleteConnector("orders-wrong-token");

        // The JDBC sink paused while the shop runs: its group's lag grows and ConsumerLagHigh fires for it.
        String sinkGroup = "connect-analytics-jdbc-sink";
        assertFalse(firing(prometheus.alerts(), "ConsumerLagHigh", "consumergroup", sinkGroup));
        pipeline.connect().rest().pause("analytics-jdbc-sink");
        awaitFiring("ConsumerLagHigh", "consumergroup", sinkGroup);
        pipeline.connect().rest().resume("analytics-jdbc-sink");

        // A client posting invalid clicks (a tenth of the traffic): InvalidRateHigh fires.
        assertFalse(firing(prometheus.alerts(), "InvalidRateHigh", "alertname", "InvalidRateHigh"));
        AtomicBoolean posting = new AtomicBoolean(true);
        Thread hostile = new Thread(() -> postInvalidClicks(posting), "invalid-clicks");
        hostile.start();
        try {
            awaitFiring("InvalidRateHigh", "alertname", "InvalidRateHigh");
        } finally {
            posting.set(false);
            hostile.join();
        }

        // After the shop stops, every sink catches up: its lag falls to the transaction marker after the last
        // record of each partition (1), which a group never commits past.
        simulator.endTrafficNow();
        Waits.until("sink lag at most 1 per partition", TIMEOUT, () -> value(prometheus.query(
                "max(kafka_consumergroup_lag{consumergroup=~\"connect-analytics-.*\"})")), lag -> lag <= 1);

        // Every record the JDBC sink was given is a row written (each result row is written once).
        Waits.until("the JDBC sink's rows written equal the records it was given", TIMEOUT, () -> List.of(
                value(prometheus.query("sum(rivulet_jdbc_sink_rows_written_total)")),
                value(prometheus.query("sum(kafka_connect_sink_record_send_total{connector=\"analytics-jdbc-sink\"})"))),
                counts -> counts.get(0).equals(counts.get(1)));
    }

    private static boolean allUp(JsonNode targets) {
        for (JsonNode target : targets) {
            if (!"up".equals(target.path("health").asText())) {
                return false;
            }
        }
        return true;
    }

    private static void awaitFiring(String alert, String label, String value) {
        long start = System.nanoTime();
        Waits.until(alert + " firing for " + label + "=" + value, TIMEOUT, prometheus::alerts,
                all -> firing(all, alert, label, value));
        System.out.printf("%s firing for %s=%s after %.1f s%n", alert, label, value, (System.nanoTime() - start)
                / 1e9);
    }

    /** Whether {@code name} is firing for a series whose {@code label} is {@code value}. */
    private static boolean firing(JsonNode alerts, String name, String label, String value) {
        for (JsonNode alert : alerts) {
            if (name.equals(alert.path("labels").path("alertname").asText())
                    && value.equals(alert.path("labels").path(label).asText())
                    && "firing".equals(alert.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The first sample's value of an instant vector. */
    private static double value(JsonNode result) {
        assertFalse(result.isEmpty(), "no data");
        return PrometheusServer.sampleValue(result.get(0));
    }

    /** Posts clicks that fail validation (an action the rules do not know) until told to stop. */
    private static void postInvalidClicks(AtomicBoolean posting) {
        HttpClient client = HttpClient.newHttpClient();
        AtomicLong id = new AtomicLong();
        while (posting.get()) {
            List<String> clicks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                clicks.add("{\"event_id\":\"hostile-" + id.incrementAndGet() + "\",\"user_id\":\"u-hostile\","
                        + "\"page\":\"/x\",\"action\":\"teleport\",\"timestamp\":" + System.currentTimeMillis()
                        + "}");
            }
            try {
                client.send(HttpRequest.newBuilder(URI.create(pipeline.listenerUrl()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", clicks) + "]")).build(),
                        HttpResponse.BodyHandlers.discarding());
                Thread.sleep(250);
            } catch (IOException e) {
                // the listener busy or restarting: the next round tries again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
