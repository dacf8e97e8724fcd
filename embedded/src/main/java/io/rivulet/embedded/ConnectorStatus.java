package io.rivulet.embedded;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /connectors/{name}/status}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectorStatus(String name, State connector, List<TaskState> tasks, String type) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record State(String state, @JsonProperty("worker_id") String workerId, String trace) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskState(int id, String state, @JsonProperty("worker_id") String workerId, String trace) {
    }

    public boolean connectorIs(String state) {
        return connector != null && state.equals(connector.state());
    }

    /** The connector and exactly {@code count} tasks are in {@code state}. */
    public boolean allIn(String state, int count) {
        return connectorIs(state) && tasks != null && tasks.size() == count
                && tasks.stream().allMatch(t -> state.equals(t.state()));
    }

    public boolean anyTaskIn(String state) {
        return tasks != null && tasks.stream().anyMatch(t -> state.equals(t.state()));
    }
}
