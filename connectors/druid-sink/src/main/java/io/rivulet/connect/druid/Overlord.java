package io.rivulet.connect.druid;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Druid's task API: submit a native ingestion task, then follow it until it ends. */
final class Overlord {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The field each row carries naming its record ({@code topic/partition@offset}); not a column. */
    static final String RECORD_FIELD = "__rivulet_record";
    private static final Pattern RECORD_REF = Pattern.compile(RECORD_FIELD + "\"?\\s*[=:]\\s*\"?([^,}\"]+)");

    private final URI base;
    private final String authorization;
    /** Follows redirects: an overlord that is not the leader answers 307 with the leader's URL, as Druid's docs say. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    Overlord(DruidSinkConfig config) {
        this.base = URI.create(config.getString(DruidSinkConfig.OVERLORD_URL_CONFIG).replaceAll("/+$", "") + "/");
        String user = config.getString(DruidSinkConfig.AUTH_USER_CONFIG);
        this.authorization = user.isEmpty() ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** Submits the task; returns its id. */
    String submit(String spec) {
        JsonNode answer = call(HttpRequest.newBuilder(base.resolve("druid/indexer/v1/task"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec)));
        return answer.get("task").asText();
    }

    /** The task's status once it has ended (SUCCESS or FAILED, with errorMsg); throws after {@code timeout}. */
    JsonNode await(String taskId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = call(HttpRequest.newBuilder(base.resolve("druid/indexer/v1/task/" + taskId + "/status"))
                    .GET()).path("status");
            String state = status.path("status").asText("RUNNING");
            if (!state.equals("RUNNING") && !state.equals("WAITING") && !state.equals("PENDING")) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                // Retriable: a Druid too busy to run the task is an outage of a kind; the next try writes the
                // same chunks again.
                throw new RetriableException("Druid task " + taskId + " did not end within " + timeout.toMillis()
                        + " ms (druid.task.timeout.ms)");
            }
            sleep(500);
        }
    }

    /** The first row Druid could not parse: the message, and the record it came from when the row names it. */
    record Unparseable(String message, String recordRef) {
    }

    /**
     * The first row Druid could not parse in the task, from its report (message and input row), or null when the
     * report holds none or cannot be read.
     */
    Unparseable firstUnparseableRow(String taskId) {
        try {
            JsonNode events = call(HttpRequest.newBuilder(base.resolve("druid/indexer/v1/task/" + taskId
                    + "/reports")).GET()).findPath("unparseableEvents");
            for (JsonNode phase : events) {
                for (JsonNode event : phase) {
                    List<String> details = new ArrayList<>();
                    event.path("details").forEach(detail -> details.add(detail.asText()));
                    JsonNode input = event.path("input");
                    String row = input.isTextual() ? input.asText() : input.toString();
                    Matcher ref = RECORD_REF.matcher(row);
                    return new Unparseable(String.join(" ", details) + " in row " + row,
                            ref.find() ? ref.group(1) : null);
                }
            }
        } catch (ConnectException e) {
            // no report: the status's errorMsg is all there is
        }
        return null;
    }

    private JsonNode call(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpRequest built = null;
        try {
            built = request.timeout(Duration.ofSeconds(60)).build();
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500 || response.statusCode() == 429) {
                throw new RetriableException("Druid at " + base + " answered " + response.statusCode() + " to "
                        + what(built));
            }
            if (response.statusCode() == 307 || response.statusCode() == 308) {
                // Still a redirect after following: no leader yet (an overlord starting or electing one).
                throw new RetriableException("Druid at " + base + " answered " + response.statusCode() + " to "
                        + what(built) + " (redirected to " + response.headers().firstValue("Location")
                        .orElse("nowhere") + "): no overlord leads yet");
            }
            if (response.statusCode() >= 300) {
                String body = response.body();
                throw new ConnectException("Druid at " + base + " answered " + response.statusCode() + " to "
                        + what(built) + ": "
                        + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RetriableException("Druid at " + base + " cannot be reached (" + what(built) + "): "
                    + causeOf(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while talking to Druid", e);
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }

    private static String what(HttpRequest request) {
        return request == null ? "request" : request.method() + " " + request.uri().getPath();
    }

    /** The cause as one line: Java's connection errors often carry no message, only their type. */
    static String causeOf(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = error; cause != null && text.length() < 300; cause = cause.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return text.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for a Druid task", e);
        }
    }
}
