package io.rivulet.embedded;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The body of {@code GET/PATCH /connectors/{name}/offsets}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectorOffsets(List<PartitionOffset> offsets) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PartitionOffset(Map<String, Object> partition, Map<String, Object> offset) {
    }

    public static ConnectorOffsets of(Map<String, Object> partition, Map<String, Object> offset) {
        return new ConnectorOffsets(List.of(new PartitionOffset(partition, offset)));
    }
}
