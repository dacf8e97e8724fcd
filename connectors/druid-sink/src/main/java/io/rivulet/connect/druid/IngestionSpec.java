package io.rivulet.connect.druid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An index_parallel task that replaces the given time chunks of a datasource with the given rows: inline JSON input,
 * explicit intervals and appendToExisting false, so Druid swaps the chunks' segments atomically.
 */
final class IngestionSpec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IngestionSpec() {
    }

    static String of(String datasource, String timestampField, String granularity, List<Map<String, String>> dims,
                     List<Long> chunkStarts, long chunkMs, List<String> rows) {
        List<String> intervals = new ArrayList<>();
        for (long start : chunkStarts) {
            intervals.add(Instant.ofEpochMilli(start) + "/" + Instant.ofEpochMilli(start + chunkMs));
        }
        Map<String, Object> granularitySpec = new LinkedHashMap<>();
        granularitySpec.put("segmentGranularity", granularity);
        granularitySpec.put("queryGranularity", "none");
        granularitySpec.put("rollup", false);
        granularitySpec.put("intervals", intervals);
        Map<String, Object> dataSchema = new LinkedHashMap<>();
        dataSchema.put("dataSource", datasource);
        dataSchema.put("timestampSpec", Map.of("column", timestampField, "format", "millis"));
        dataSchema.put("dimensionsSpec", Map.of("dimensions", dims));
        dataSchema.put("granularitySpec", granularitySpec);
        Map<String, Object> ioConfig = new LinkedHashMap<>();
        ioConfig.put("type", "index_parallel");
        ioConfig.put("inputSource", Map.of("type", "inline", "data", String.join("\n", rows)));
        ioConfig.put("inputFormat", Map.of("type", "json"));
        ioConfig.put("appendToExisting", false);
        // A row Druid cannot parse fails the task (Druid's default is to drop it and carry on), and the report
        // keeps it so the failure can name it.
        Map<String, Object> tuningConfig = Map.of("type", "index_parallel", "maxNumConcurrentSubTasks", 1,
                "maxParseExceptions", 0, "maxSavedParseExceptions", 1, "logParseExceptions", true);
        Map<String, Object> spec = Map.of("type", "index_parallel", "spec", Map.of("dataSchema", dataSchema,
                "ioConfig", ioConfig, "tuningConfig", tuningConfig));
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
