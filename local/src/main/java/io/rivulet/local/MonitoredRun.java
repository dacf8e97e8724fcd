package io.rivulet.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import io.rivulet.embedded.ChildJvm;
import io.rivulet.embedded.PrometheusServer;

/**
 * The monitored parts of a local run ({@code --with-monitoring}): the aggregator in its own JVM with the JMX
 * exporter agent, Prometheus when it is installed, and every 5 s the dashboard's figures read back from it.
 */
final class MonitoredRun implements AutoCloseable {
    private static final Duration EVERY = Duration.ofSeconds(5);

    private final LocalMonitoring monitoring;
    private final PrintStream out;
    private final ChildJvm aggregator;
    private final PrometheusServer prometheus;
    private final GroupLagExporter groupLag;
    private final Thread printer;
    private volatile boolean running = true;

    private MonitoredRun(LocalMonitoring monitoring, PrintStream out, ChildJvm aggregator,
                         GroupLagExporter groupLag, PrometheusServer prometheus) {
        this.monitoring = monitoring;
        this.out = out;
        this.aggregator = aggregator;
        this.groupLag = groupLag;
        this.prometheus = prometheus;
        this.printer = new Thread(this::print, "local-dashboard");
        printer.setDaemon(true);
    }

    static MonitoredRun start(LocalPipeline pipeline, LocalMonitoring monitoring, PrintStream out) {
        ChildJvm aggregator = pipeline.startAggregatorProcess("local", Map.of(),
                monitoring.smallJvmWithAgent(LocalMonitoring.Role.AGGREGATOR));
        GroupLagExporter groupLag = monitoring.startGroupLag(pipeline.kafka().bootstrapServers());
        PrometheusServer prometheus = PrometheusServer.installed()
                ? monitoring.startPrometheus(monitoring.alertRules(), EVERY) : null;
        MonitoredRun run = new MonitoredRun(monitoring, out, aggregator, groupLag, prometheus);
        if (prometheus != null) {
            run.printer.start();
        }
        return run;
    }

    void printUrls() {
        for (LocalMonitoring.Role role : LocalMonitoring.Role.values()) {
            out.printf("  Metrics %-12s http://127.0.0.1:%d/metrics%n", "(" + role.job() + ")", monitoring.port(role));
        }
        out.printf("  Metrics %-12s http://127.0.0.1:%d/metrics   (consumer groups' lag)%n", "(groups)",
                monitoring.groupLagPort());
        if (prometheus == null) {
            out.println("  Prometheus          not installed (apt-get install prometheus): no dashboard figures");
        } else {
            out.println("  Prometheus          " + prometheus.url() + "   (the compose stack's config and alerts)");
        }
        out.println();
    }

    private void print() {
        while (running) {
            try {
                Thread.sleep(EVERY.toMillis());
                out.print("Dashboard (from Prometheus):" + System.lineSeparator() + monitoring.dashboardFigures(
                        prometheus));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                out.println("Dashboard: Prometheus did not answer: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        printer.interrupt();
        if (prometheus != null) {
            prometheus.close();
        }
        groupLag.close();
        aggregator.stop(30);
    }
}
