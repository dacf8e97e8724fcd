package io.rivulet.testkit.plugin;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Writes the records of a JSON-lines file, one per line, with the line number as source offset: tests write exactly
 * the input they want and know the ground truth.
 */
public class FixtureSourceConnector extends SingleTaskSourceConnector {
    static final String FILE_KEY = "file";
    static final String LINE_KEY = "line";

    @Override
    protected void checkConfig(Map<String, String> props) {
        new FixtureSourceConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FixtureSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return FixtureSourceConfig.CONFIG_DEF;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        offsets.forEach((partition, offset) -> {
            if (partition == null || !(partition.get(FILE_KEY) instanceof String)) {
                throw new ConnectException("Source partition " + partition + " must have a string '" + FILE_KEY + "'");
            }
            if (offset != null && !(offset.get(LINE_KEY) instanceof Number)) {
                throw new ConnectException("Offset " + offset + " must have a whole number '" + LINE_KEY + "'");
            }
        });
        return true;
    }
}
