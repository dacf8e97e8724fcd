package io.rivulet.testkit.plugin;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import io.rivulet.common.PluginVersion;

/**
 * The lifecycle both test connectors share: one source partition, so one task with the connector's props (a second
 * task would only write the same records twice), and exactly-once support, since the position is in the offsets.
 */
abstract class SingleTaskSourceConnector extends SourceConnector {
    private Map<String, String> props;

    /** Parses the props, so that a bad config fails the connector, not its task. */
    protected abstract void checkConfig(Map<String, String> props);

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        checkConfig(props);
        this.props = props;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }
}
