package io.rivulet.testkit.plugin;

import io.rivulet.common.PluginVersion;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Writes a numbered sequence of string records to one topic and keeps its position in Connect's source offsets,
 * so that tests can watch offsets, restarts and replays the way users see them.
 */
public class SequenceSourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        new SequenceSourceConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SequenceSourceTask.class;
    }

    /** One sequence, one partition: a second task would only write it twice. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return SequenceSourceConfig.CONFIG_DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            SequenceOffsets.validatePartition(entry.getKey());
            SequenceOffsets.nextPosition(entry.getValue()); // null resets, anything else must be well formed
        }
        return true;
    }
}
