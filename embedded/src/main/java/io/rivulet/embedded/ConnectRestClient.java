package io.rivulet.embedded;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The Connect REST calls users make with curl, typed. Every error status becomes a {@link RestCallException}
 * carrying the worker's message.
 */
public final class ConnectRestClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REBALANCE_RETRY = Duration.ofSeconds(30);

    private final URI base;
    private final JsonHttp http = new JsonHttp("application/json", REQUEST_TIMEOUT);

    public ConnectRestClient(URI base) {
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
    }

    public URI url() {
        return base;
    }

    /** {@code GET /health} answers 200 once the worker has joined its group and read the config topic. */
    public boolean isReady() {
        try {
            return http.send("GET", uri("health"), null).ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public List<String> connectors() {
        return call("GET", "connectors", null, new TypeReference<>() { });
    }

    /** {@code PUT /connectors/{name}/config}: creates the connector or updates its config (idempotent). */
    public void putConnectorConfig(String name, Map<String, String> config) {
        call("PUT", "connectors/" + enc(name) + "/config", config);
    }

    public Map<String, String> connectorConfig(String name) {
        return call("GET", "connectors/" + enc(name) + "/config", null, new TypeReference<>() { });
    }

    /** {@code GET /connectors/{name}/tasks}: each task's id and config as Connect stores it (unresolved). */
    public List<Map<String, Object>> tasks(String name) {
        return call("GET", "connectors/" + enc(name) + "/tasks", null, new TypeReference<>() { });
    }

    public void deleteConnector(String name) {
        call("DELETE", "connectors/" + enc(name), null);
    }

    public ConnectorStatus status(String name) {
        return call("GET", "connectors/" + enc(name) + "/status", null, new TypeReference<>() { });
    }

    public void restart(String name, boolean includeTasks, boolean onlyFailed) {
        call("POST", "connectors/" + enc(name) + "/restart?includeTasks=" + includeTasks + "&onlyFailed=" + onlyFailed,
                null);
    }

    /**
     * Restarts a task. Connect answers before the restart shows in the status, so when the task was FAILED this waits
     * (up to 30 s) until that failure is no longer reported, so that a following {@link #awaitRunning} does not see
     * the old state.
     */
    public void restartTask(String name, int task) {
        ConnectorStatus.TaskState before = taskState(status(name), task);
        call("POST", "connectors/" + enc(name) + "/tasks/" + task + "/restart", null);
        if (before != null && "FAILED".equals(before.state())) {
            try {
                Waits.until("task " + task + " of " + name + " to restart", Duration.ofSeconds(30),
                        () -> taskState(status(name), task),
                        t -> t == null || !"FAILED".equals(t.state()) || !java.util.Objects.equals(t.trace(),
                                before.trace()));
            } catch (AssertionError stillFailed) {
                // it failed again the same way; awaitRunning reports it
            }
        }
    }

    private static ConnectorStatus.TaskState taskState(ConnectorStatus status, int task) {
        return status.tasks() == null ? null
                : status.tasks().stream().filter(t -> t.id() == task).findFirst().orElse(null);
    }

    public void stop(String name) {
        call("PUT", "connectors/" + enc(name) + "/stop", null);
    }

    public void pause(String name) {
        call("PUT", "connectors/" + enc(name) + "/pause", null);
    }

    public void resume(String name) {
        call("PUT", "connectors/" + enc(name) + "/resume", null);
    }

    public ConnectorOffsets offsets(String name) {
        return call("GET", "connectors/" + enc(name) + "/offsets", null, new TypeReference<>() { });
    }

    /** {@code PATCH /connectors/{name}/offsets}; the connector must be stopped. */
    public void alterOffsets(String name, ConnectorOffsets offsets) {
        call("PATCH", "connectors/" + enc(name) + "/offsets", offsets);
    }

    /** {@code DELETE /connectors/{name}/offsets}; the connector must be stopped. */
    public void resetOffsets(String name) {
        call("DELETE", "connectors/" + enc(name) + "/offsets", null);
    }

    /** {@code GET /connector-plugins?connectorsOnly=false}: connectors, transforms, predicates, converters. */
    public List<PluginInfo> plugins() {
        return call("GET", "connector-plugins?connectorsOnly=false", null, new TypeReference<>() { });
    }

    public List<ConfigKeyInfo> pluginConfig(String pluginClassOrAlias) {
        return call("GET", "connector-plugins/" + enc(pluginClassOrAlias) + "/config", null,
                new TypeReference<>() { });
    }

    public ConfigValidation validate(String connectorClassOrAlias, Map<String, String> config) {
        return call("PUT", "connector-plugins/" + enc(connectorClassOrAlias) + "/config/validate", config,
                new TypeReference<>() { });
    }

    /** Waits until the connector and exactly {@code tasks} tasks are RUNNING; a FAILED task ends the wait early. */
    public ConnectorStatus awaitRunning(String name, int tasks, Duration timeout) {
        ConnectorStatus status = Waits.until("connector " + name + " and " + tasks + " task(s) RUNNING", timeout,
                () -> status(name), s -> s.allIn("RUNNING", tasks) || s.anyTaskIn("FAILED") || s.connectorIs("FAILED"));
        if (!status.allIn("RUNNING", tasks)) {
            throw new AssertionError("Connector " + name + " failed instead of running: " + status);
        }
        return status;
    }

    /** Waits until the connector is STOPPED (tasks shut down, offsets may be altered). */
    public ConnectorStatus awaitStopped(String name, Duration timeout) {
        return Waits.until("connector " + name + " STOPPED with no tasks", timeout, () -> status(name),
                s -> s.connectorIs("STOPPED") && (s.tasks() == null || s.tasks().isEmpty()));
    }

    public ConnectorStatus awaitTaskFailed(String name, Duration timeout) {
        return Waits.until("a task of " + name + " to fail", timeout, () -> status(name), s -> s.anyTaskIn("FAILED"));
    }

    private void call(String method, String path, Object body) {
        send(method, path, body).orThrow();
    }

    private <T> T call(String method, String path, Object body, TypeReference<T> type) {
        return send(method, path, body).orThrow().as(type);
    }

    /**
     * Sends a request, repeating it while the worker answers 409 because a rebalance or config change is under way
     * ("cannot complete request momentarily"), as an operator would; other answers are returned as they are.
     */
    private JsonHttp.Response send(String method, String path, Object body) {
        long deadline = System.nanoTime() + REBALANCE_RETRY.toNanos();
        while (true) {
            JsonHttp.Response response = http.send(method, uri(path), body);
            if (response.status() != 409 || !response.body().contains("momentarily")
                    || System.nanoTime() > deadline) {
                return response;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return response;
            }
        }
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
