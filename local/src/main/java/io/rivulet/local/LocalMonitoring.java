package io.rivulet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.rivulet.embedded.GrafanaDashboard;
import io.rivulet.embedded.Ports;
import io.rivulet.embedded.PrometheusServer;
import io.rivulet.embedded.WorkDirs;

/**
 * The compose stack's monitoring on this machine: the JMX exporter agent (monitoring/target, put there by the
 * build) in the broker's, the worker's and the aggregator's JVMs with the same rules as compose
 * (monitoring/jmx-exporter), each on a free port, and Prometheus with monitoring/prometheus/prometheus.yml's jobs
 * pointed at those ports.
 */
public final class LocalMonitoring {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String LAG_JOB = "kafka-exporter";
    /** A small heap and the serial collector, as the tests' forked JVMs run, for a monitored worker or aggregator. */
    private static final List<String> SMALL_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");

    /** The JVMs that export metrics, by their Prometheus job and rules file. */
    public enum Role {
        KAFKA("kafka", "kafka.yml"),
        CONNECT("connect", "connect.yml"),
        AGGREGATOR("aggregator", "aggregator.yml");

        private final String job;
        private final String rules;

        Role(String job, String rules) {
            this.job = job;
            this.rules = rules;
        }

        public String job() {
            return job;
        }
    }

    private final Path monitoring;
    private final Path agent;
    private final Map<Role, Integer> ports = new EnumMap<>(Role.class);
    /** The consumer groups' lag exporter's port (Prometheus job kafka-exporter, as compose runs kafka_exporter). */
    private final int lagPort = Ports.free();
    /** The dashboard's expressions, read once: the local run queries them every few seconds. */
    private final Map<String, String> dashboardExpressions;

    private LocalMonitoring(Path monitoring) {
        this.monitoring = monitoring.toAbsolutePath().normalize(); // the child JVMs may run elsewhere
        this.agent = monitoring.resolve("target/jmx_prometheus_javaagent.jar");
        if (!Files.isRegularFile(agent)) {
            throw new IllegalStateException("No JMX exporter agent at " + agent + ": build first "
                    + "(`mvn -B -ntp -q install -DskipTests` puts it there)");
        }
        for (Role role : Role.values()) {
            ports.put(role, Ports.free());
        }
        this.dashboardExpressions = GrafanaDashboard.expressions(this.monitoring.resolve(
                "grafana/dashboards/rivulet-pipeline.json"));
    }

    /** Monitoring from the repository's {@code monitoring/} folder. */
    public static LocalMonitoring of(Path monitoringDir) {
        return new LocalMonitoring(monitoringDir);
    }

    /** The JVM option that starts the agent for {@code role} with its rules, on its port. */
    public String agentOption(Role role) {
        return "-javaagent:" + agent + "=127.0.0.1:" + ports.get(role) + ":"
                + monitoring.resolve("jmx-exporter").resolve(role.rules);
    }

    /** A worker's or the aggregator's JVM options: a small heap, the serial collector, the agent for {@code role}. */
    public List<String> smallJvmWithAgent(Role role) {
        List<String> options = new ArrayList<>(SMALL_JVM);
        options.add(agentOption(role));
        return options;
    }

    public int port(Role role) {
        return ports.get(role);
    }

    /** Starts the consumer groups' lag exporter for the cluster at {@code bootstrapServers}. */
    public GroupLagExporter startGroupLag(String bootstrapServers) {
        return GroupLagExporter.start(bootstrapServers, lagPort);
    }

    public int groupLagPort() {
        return lagPort;
    }

    /**
     * Starts Prometheus with the compose stack's config, its jobs' targets these ports, scraping and evaluating
     * every {@code interval}, with {@code ruleFile} (the stack's alerts.yml, or a copy with other thresholds).
     */
    public PrometheusServer startPrometheus(Path ruleFile, Duration interval) {
        try {
            ObjectNode config = (ObjectNode) YAML.readTree(monitoring.resolve("prometheus/prometheus.yml").toFile());
            ObjectNode global = (ObjectNode) config.path("global");
            global.put("scrape_interval", interval.toSeconds() + "s");
            global.put("evaluation_interval", interval.toSeconds() + "s");
            config.putArray("rule_files").add(ruleFile.toAbsolutePath().toString());
            for (JsonNode job : config.path("scrape_configs")) {
                String name = job.path("job_name").asText();
                int port = name.equals(LAG_JOB) ? lagPort : ports.get(role(name));
                ((ObjectNode) job.path("static_configs").get(0)).putArray("targets").add("127.0.0.1:" + port);
            }
            Path file = WorkDirs.fresh("prometheus-config").resolve("prometheus.yml");
            YAML.writeValue(file.toFile(), config);
            return PrometheusServer.start(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Prometheus config", e);
        }
    }

    /** The stack's alert rules. */
    public Path alertRules() {
        return monitoring.resolve("prometheus/alerts.yml");
    }

    /** Every PromQL expression of the Grafana dashboard, by panel ({@code "<title> #<n>"}, n from 1). */
    public Map<String, String> dashboardExpressions() {
        return dashboardExpressions;
    }

    /** Every alert rule's expression, by alert name. */
    public Map<String, String> alertExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        try {
            YAML.readTree(alertRules().toFile()).path("groups").forEach(group -> group.path("rules").forEach(
                    rule -> expressions.put(rule.path("alert").asText(), rule.path("expr").asText().trim())));
            return expressions;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the alert rules", e);
        }
    }

    /**
     * What the dashboard's Prometheus panels show now, one panel per line: each series by its labels with its
     * value ({@code -} for a panel without data).
     */
    public String dashboardFigures(PrometheusServer prometheus) {
        StringBuilder figures = new StringBuilder();
        dashboardExpressions().forEach((panel, expression) -> {
            figures.append(String.format("  %-40s", panel));
            JsonNode result = prometheus.query(expression);
            if (result.isEmpty()) {
                figures.append(" -");
            }
            for (JsonNode sample : result) {
                StringBuilder labels = new StringBuilder();
                sample.path("metric").fields().forEachRemaining(label -> labels.append(labels.length() == 0
                        ? "" : ",").append(label.getValue().asText()));
                double value = PrometheusServer.sampleValue(sample);
                figures.append(' ').append(labels.length() == 0 ? "" : labels + "=")
                        .append(String.format(Locale.ROOT, value != 0 && Math.abs(value) < 1 ? "%.4f" : "%.1f",
                                value));
            }
            figures.append(System.lineSeparator());
        });
        return figures.toString();
    }

    private static Role role(String job) {
        for (Role role : Role.values()) {
            if (role.job.equals(job)) {
                return role;
            }
        }
        throw new IllegalStateException("monitoring/prometheus/prometheus.yml scrapes job " + job
                + ", which no JVM of the local run exports: " + List.of(Role.values()));
    }
}
