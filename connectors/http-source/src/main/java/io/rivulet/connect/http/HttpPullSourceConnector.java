package io.rivulet.connect.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import io.rivulet.connect.http.pull.Pagination;
import io.rivulet.connect.http.pull.Position;

/**
 * Pulls records from REST APIs into Kafka. Each endpoint is a source partition whose offset is its position
 * (cursor, next link, page or last incrementing value, and records written of the current page), so restarts
 * resume exactly, and stop / reset or PATCH offsets / resume replays deterministically.
 */
public class HttpPullSourceConnector extends AbstractHttpSourceConnector<HttpPullSourceConfig> {
    /** Each poll batch (one page) is written in one transaction with its position in the offsets. */
    public HttpPullSourceConnector() {
        super(HttpPullSourceConfig.CONFIG_DEF, HttpPullSourceConfig::new, HttpPullSourceTask.class, ExactlyOnceSupport.SUPPORTED);
    }

    /** Endpoints dealt round robin over at most maxTasks tasks; each gets the connector's props plus its share. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<String> endpoints = parsedConfig().endpoints();
        int tasks = Math.min(maxTasks, endpoints.size());
        List<String> shares = new ArrayList<>();
        for (int task = 0; task < tasks; task++) {
            List<String> share = new ArrayList<>();
            for (int i = task; i < endpoints.size(); i += tasks) {
                share.add(endpoints.get(i));
            }
            shares.add(String.join(",", share));
        }
        return taskConfigsWith(HttpPullSourceConfig.TASK_ENDPOINTS_CONFIG, shares);
    }

    /** Accepts offsets of this connector's shape only, so PATCH /offsets cannot store what a task could not read. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        HttpPullSourceConfig parsed = parse(connectorConfig);
        Pagination pagination = parsed.pagination();
        List<String> endpoints = parsed.endpoints();
        offsets.forEach((partition, offset) -> {
            Object endpoint = partition == null ? null : partition.get("endpoint");
            if (!(endpoint instanceof String) || partition.size() != 1) {
                throw new ConnectException("Source partition " + partition + " must be {\"endpoint\": <name>}");
            }
            if (!endpoints.contains(endpoint)) {
                throw new ConnectException("Endpoint '" + endpoint + "' is not one of " + endpoints);
            }
            if (offset != null) {
                Position.fromOffset(pagination, offset);
            }
        });
        return true;
    }
}
