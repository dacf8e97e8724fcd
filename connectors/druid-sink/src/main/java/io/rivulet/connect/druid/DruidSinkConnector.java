package io.rivulet.connect.druid;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import io.rivulet.common.CheckedSinkConnector;

/**
 * Writes records into Apache Druid with native batch ingestion, one datasource per topic, replacing whole time
 * chunks so a replay or restart writes the same rows again instead of adding them. One task: a chunk must be
 * written with all its rows, which are spread over the topic's partitions.
 */
public class DruidSinkConnector extends CheckedSinkConnector {
    @Override
    protected Map<String, List<String>> crossChecks(Map<String, String> props) {
        return new DruidSinkConfig(props).crossChecks();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DruidSinkTask.class;
    }

    /** Always one task, whatever tasks.max says: see the class comment. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props());
    }

    @Override
    public ConfigDef config() {
        return DruidSinkConfig.CONFIG_DEF;
    }
}
