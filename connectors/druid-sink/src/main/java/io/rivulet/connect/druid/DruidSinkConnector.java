package io.rivulet.connect.druid;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import io.rivulet.common.CrossChecks;
import io.rivulet.common.PluginVersion;

/**
 * Writes records into Apache Druid with native batch ingestion, one datasource per topic, replacing whole time
 * chunks so a replay or restart writes the same rows again instead of adding them. One task: a chunk must be
 * written with all its rows, which are spread over the topic's partitions.
 */
public class DruidSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        CrossChecks.requireNone("DruidSinkConnector", new DruidSinkConfig(props).crossChecks());
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DruidSinkTask.class;
    }

    /** Always one task, whatever tasks.max says: see the class comment. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return DruidSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return CrossChecks.add(super.validate(connectorConfigs),
                () -> new DruidSinkConfig(connectorConfigs).crossChecks());
    }
}
