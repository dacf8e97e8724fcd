package io.rivulet.embedded.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.embedded.DruidCluster;

/** The kit's Druid takes a native batch task, loads the segment, and answers Druid SQL. */
@Tag("integration")
class DruidIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void inlineBatchIngestionIsQueryableWithSql() throws Exception {
        try (DruidCluster druid = DruidCluster.start()) {
            ingestAndQuery(druid);
        }
    }

    private static void ingestAndQuery(DruidCluster druid) throws Exception {
        String interval = "2026-11-27T10:00:00Z/2026-11-27T11:00:00Z";
        String data = "{\"window_start\":1795773600000,\"currency\":\"EUR\",\"order_count\":3}\n"
                + "{\"window_start\":1795773660000,\"currency\":\"USD\",\"order_count\":2}";
        Map<String, Object> spec = Map.of("type", "index_parallel", "spec", Map.of(
                "dataSchema", Map.of("dataSource", "kit_sales",
                        "timestampSpec", Map.of("column", "window_start", "format", "millis"),
                        "dimensionsSpec", Map.of("dimensions", List.of("currency")),
                        "metricsSpec", List.of(Map.of("type", "longSum", "name", "order_count",
                                "fieldName", "order_count")),
                        "granularitySpec", Map.of("segmentGranularity", "hour", "queryGranularity", "minute",
                                "rollup", false, "intervals", List.of(interval))),
                "ioConfig", Map.of("type", "index_parallel", "inputSource", Map.of("type", "inline", "data", data),
                        "inputFormat", Map.of("type", "json"), "appendToExisting", false),
                "tuningConfig", Map.of("type", "index_parallel", "maxNumConcurrentSubTasks", 1)));
        String task = druid.submitTask(new ObjectMapper().writeValueAsString(spec));
        JsonNode status = druid.awaitTask(task, TIMEOUT);
        assertEquals("SUCCESS", status.get("status").asText(), status.toString());
        druid.awaitLoaded("kit_sales", interval, TIMEOUT);
        List<Map<String, Object>> rows = druid.sql("SELECT currency, SUM(order_count) AS orders FROM kit_sales "
                + "GROUP BY currency ORDER BY currency");
        assertEquals(List.of(Map.of("currency", "EUR", "orders", 3), Map.of("currency", "USD", "orders", 2)), rows);
    }
}
