package io.rivulet.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The PromQL of a Grafana dashboard file, as the tests and the local run query it from Prometheus. */
public final class GrafanaDashboard {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GrafanaDashboard() {
    }

    /** Every PromQL expression of the dashboard, by panel ({@code "<title> #<n>"}, n from 1), in panel order. */
    public static Map<String, String> expressions(Path dashboard) {
        Map<String, String> expressions = new LinkedHashMap<>();
        try {
            for (JsonNode panel : JSON.readTree(dashboard.toFile()).path("panels")) {
                int n = 1;
                for (JsonNode target : panel.path("targets")) {
                    if (target.has("expr")) {
                        expressions.put(panel.path("title").asText() + " #" + n++, target.path("expr").asText());
                    }
                }
            }
            return Collections.unmodifiableMap(expressions);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dashboard " + dashboard, e);
        }
    }
}
