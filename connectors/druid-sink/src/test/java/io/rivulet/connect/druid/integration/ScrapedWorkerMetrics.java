package io.rivulet.connect.druid.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.GrafanaDashboard;
import io.rivulet.embedded.PrometheusServer;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;

/**
 * The compose stack's Connect exporter rules (monitoring/jmx-exporter/connect.yml) on this JVM's beans, where the
 * test's worker runs, served over HTTP by the exporter's own collector and server, and scraped every second by a
 * real Prometheus: the dashboard's panels queried as Grafana queries them. Only Rivulet's beans are read.
 */
final class ScrapedWorkerMetrics implements AutoCloseable {
    private final HTTPServer exporter;
    private final PrometheusServer prometheus;
    private final Path monitoring;

    private ScrapedWorkerMetrics(HTTPServer exporter, PrometheusServer prometheus, Path monitoring) {
        this.exporter = exporter;
        this.prometheus = prometheus;
        this.monitoring = monitoring;
    }

    static ScrapedWorkerMetrics start() {
        Path monitoring = ConnectConfigFiles.folder().resolveSibling("monitoring");
        HTTPServer exporter = null;
        PrometheusServer prometheus = null;
        try {
            PrometheusRegistry registry = new PrometheusRegistry();
            // The rules as they are, on our beans only: this JVM also runs the test's broker, whose thousands of
            // beans took longer to read than the scrape interval allows.
            String rules = "includeObjectNames: [\"io.rivulet.*:*\"]\n"
                    + Files.readString(monitoring.resolve("jmx-exporter/connect.yml"));
            new JmxCollector(rules).register(registry);
            exporter = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
            Path config = WorkDirs.fresh("druid-sink-prometheus").resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: connect\n"
                    + "    static_configs:\n      - targets: ['127.0.0.1:" + exporter.getPort() + "']\n");
            prometheus = PrometheusServer.start(config);
            // Prometheus scrapes a target first a few seconds after its start (its discovery hands on targets at
            // most every 5 s): a counter that rose before would show no rise, its first sample already up.
            PrometheusServer started = prometheus;
            Waits.until("Prometheus to scrape the worker", Duration.ofSeconds(30), () -> started.query("up"),
                    up -> !up.isEmpty());
            ScrapedWorkerMetrics metrics = new ScrapedWorkerMetrics(exporter, prometheus, monitoring);
            exporter = null;
            prometheus = null;
            return metrics;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException("connect.yml has a pattern JMX cannot take", e);
        } finally {
            if (prometheus != null) {
                prometheus.close();
            }
            if (exporter != null) {
                exporter.close();
            }
        }
    }

    JsonNode query(String promql) {
        return prometheus.query(promql);
    }

    /** The dashboard's expressions whose metrics start with {@code prefix}, by panel. */
    Map<String, String> dashboardExpressions(String prefix) {
        return GrafanaDashboard.expressions(monitoring.resolve("grafana/dashboards/rivulet-pipeline.json"))
                .entrySet().stream().filter(e -> e.getValue().contains(prefix))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public void close() {
        prometheus.close();
        exporter.close();
    }
}
