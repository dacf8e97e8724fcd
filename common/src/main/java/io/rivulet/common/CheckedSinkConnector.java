package io.rivulet.common;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * What the sink connectors do alike: refuse to start on a config whose multi-key checks fail, report those checks
 * per key in {@link #validate}, and hand the config to their tasks.
 */
public abstract class CheckedSinkConnector extends SinkConnector {
    private Map<String, String> props;

    /** The checks that need several keys, errors per key: run by {@link #start} and {@link #validate}. */
    protected abstract Map<String, List<String>> crossChecks(Map<String, String> props);

    /** What {@link #validate} reports beyond the ConfigDef: {@link #crossChecks} unless a connector checks more. */
    protected Map<String, List<String>> validationChecks(Map<String, String> props) {
        return crossChecks(props);
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        ConfigPlaceholders.requireNone(getClass().getSimpleName(), props);
        CrossChecks.requireNone(getClass().getSimpleName(), crossChecks(props));
        this.props = props;
    }

    /** The config the connector started with. */
    protected Map<String, String> props() {
        return props;
    }

    @Override
    public void stop() {
    }

    /**
     * Single-key checks from the ConfigDef, then {@link #validationChecks}, each error on its key; keys that look
     * meant for this connector but are not its own (typos) are errors too.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConfigPlaceholders.report(UnknownKeys.report(CrossChecks.add(super.validate(connectorConfigs),
                () -> validationChecks(connectorConfigs)), config(), connectorConfigs), connectorConfigs);
    }
}
