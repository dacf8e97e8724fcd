package io.rivulet.testkit.plugin;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Writes a numbered sequence of string records to one topic and keeps its position in Connect's source offsets,
 * so that tests can watch offsets, restarts and replays the way users see them.
 */
public class SequenceSourceConnector extends SingleTaskSourceConnector {

    @Override
    protected void checkConfig(Map<String, String> props) {
        new SequenceSourceConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SequenceSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return SequenceSourceConfig.CONFIG_DEF;
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
