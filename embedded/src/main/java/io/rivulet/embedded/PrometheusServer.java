package io.rivulet.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Prometheus server (Debian's package {@code prometheus}, {@code prometheus} on the PATH) on a free loopback
 * port, with a config file the caller wrote, its data in a fresh folder; queried through its HTTP API as Grafana
 * and an operator query it.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrometheusServer.class);
    private static final JsonHttp HTTP = new JsonHttp("application/json", Duration.ofSeconds(30));
    private static final TypeReference<JsonNode> TREE = new TypeReference<>() {
    };

    private final Process process;
    private final URI url;

    private PrometheusServer(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Whether Prometheus is installed here. */
    public static boolean installed() {
        return Executables.onPath("prometheus");
    }

    /** Starts Prometheus with {@code config} (its rule files resolved from the config's folder, as Prometheus does). */
    public static PrometheusServer start(Path config) {
        int port = Ports.free();
        Path dir = WorkDirs.fresh("prometheus");
        Path logFile = dir.resolve("prometheus.log");
        try {
            Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            OrphanReaper.shared().register(process.pid(), "prometheus");
            PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!server.ready()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new ServerStartException("Prometheus", port, logFile, process.isAlive()
                            ? "not ready within 60 s" : "exited with " + process.exitValue(), null);
                }
                Thread.sleep(200);
            }
            log.info("Prometheus {} up with {}", server.url, config);
            return server;
        } catch (IOException e) {
            throw new ServerStartException("Prometheus", port, logFile, "cannot run prometheus (apt-get install "
                    + "prometheus): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean ready() {
        try {
            return HTTP.send("GET", url.resolve("/-/ready"), null).ok();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    public URI url() {
        return url;
    }

    /** An instant query's result ({@code data.result}: a vector's samples, each {@code metric} and {@code value}). */
    public JsonNode query(String promql) {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    /** A sample's value of an instant vector ({@code {"metric": ..., "value": [time, "value"]}}). */
    public static double sampleValue(JsonNode sample) {
        return Double.parseDouble(sample.path("value").get(1).asText());
    }

    /** The alerts of the loaded rules that are pending or firing, each with its labels and {@code state}. */
    public JsonNode alerts() {
        return api("/api/v1/alerts").path("alerts");
    }

    /** The scrape targets, each with its job, address and {@code health}. */
    public JsonNode targets() {
        return api("/api/v1/targets").path("activeTargets");
    }

    private JsonNode api(String path) {
        JsonNode answer = HTTP.send("GET", url.resolve(path), null).orThrow().as(TREE);
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalStateException("Prometheus " + path + ": " + answer);
        }
        return answer.path("data");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        OrphanReaper.shared().unregister(process.pid());
    }
}
