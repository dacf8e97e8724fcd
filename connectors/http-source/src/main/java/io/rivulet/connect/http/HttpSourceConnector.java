package io.rivulet.connect.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import io.rivulet.common.CrossChecks;
import io.rivulet.common.PluginVersion;
import io.rivulet.connect.http.pull.Pagination;
import io.rivulet.connect.http.pull.Position;

/**
 * Pulls records from REST APIs into Kafka. Each endpoint is a source partition whose offset is its position
 * (cursor, next link, page or last incrementing value, and records written of the current page), so restarts
 * resume exactly, and stop / reset or PATCH offsets / resume replays deterministically.
 */
public class HttpSourceConnector extends SourceConnector {
    private Map<String, String> props;
    private HttpSourceConfig config;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        HttpSourceConfig parsed = new HttpSourceConfig(props);
        CrossChecks.requireNone("HttpSourceConnector", parsed.crossChecks());
        this.props = props;
        this.config = parsed;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpSourceTask.class;
    }

    /**
     * Pull: endpoints dealt round robin over at most maxTasks tasks. Listen: maxTasks listeners on consecutive ports
     * from listener.port. Each task gets the connector's props plus its share.
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (config.listenMode()) {
            List<Map<String, String>> configs = new ArrayList<>();
            int basePort = config.getInt(HttpSourceConfig.LISTENER_PORT_CONFIG);
            for (int i = 0; i < maxTasks; i++) {
                Map<String, String> taskProps = new HashMap<>(props);
                taskProps.put(HttpSourceConfig.TASK_LISTENER_PORT_CONFIG, Integer.toString(basePort + i));
                configs.add(taskProps);
            }
            return configs;
        }
        List<String> endpoints = config.endpoints();
        int tasks = Math.min(maxTasks, endpoints.size());
        List<List<String>> assigned = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            assigned.add(new ArrayList<>());
        }
        for (int i = 0; i < endpoints.size(); i++) {
            assigned.get(i % tasks).add(endpoints.get(i));
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> taskEndpoints : assigned) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.put(HttpSourceConfig.TASK_ENDPOINTS_CONFIG, String.join(",", taskEndpoints));
            configs.add(taskProps);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return HttpSourceConfig.CONFIG_DEF;
    }

    /** Single-key checks from the ConfigDef, then the checks that need several keys or the file system. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return CrossChecks.add(super.validate(connectorConfigs),
                () -> new HttpSourceConfig(connectorConfigs).crossChecks());
    }

    /**
     * Pull mode writes each poll batch (one page) in one transaction with its position in the offsets. Listen mode
     * has no position to replay from: it answers a POST once its events' transaction committed, but a client that
     * retries after a timeout may send them twice, so it does not claim exactly-once.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return HttpSourceConfig.MODE_LISTEN.equals(connectorConfig.get(HttpSourceConfig.MODE_CONFIG))
                ? ExactlyOnceSupport.UNSUPPORTED : ExactlyOnceSupport.SUPPORTED;
    }

    /** The default transaction boundary, one per poll batch, is one page: the connector does not define its own. */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    /** Accepts offsets of this connector's shape only, so PATCH /offsets cannot store what a task could not read. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        HttpSourceConfig parsed = new HttpSourceConfig(connectorConfig);
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
