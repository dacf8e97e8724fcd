package io.rivulet.connect.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import io.rivulet.common.ConfigPlaceholders;
import io.rivulet.common.CrossChecks;
import io.rivulet.common.PluginVersion;
import io.rivulet.common.UnknownKeys;

/**
 * What both HTTP connectors do alike: parse and check their config once in {@link #start}, report the checks that
 * need several keys in {@link #validate}, answer with the definition and exactly-once support each passes in, and
 * leave transaction boundaries to Connect (one per poll batch).
 */
abstract class AbstractHttpSourceConnector<C extends HttpRecordsConfig> extends SourceConnector {
    private final ConfigDef definition;
    private final Function<Map<String, String>, C> parser;
    private final Class<? extends Task> taskClass;
    private final ExactlyOnceSupport exactlyOnce;
    private Map<String, String> props;
    private C config;

    protected AbstractHttpSourceConnector(ConfigDef definition, Function<Map<String, String>, C> parser,
                                          Class<? extends Task> taskClass, ExactlyOnceSupport exactlyOnce) {
        this.definition = definition;
        this.parser = parser;
        this.taskClass = taskClass;
        this.exactlyOnce = exactlyOnce;
    }

    /** Parses {@code props} with this connector's definition. */
    protected C parse(Map<String, String> props) {
        return parser.apply(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return taskClass;
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        ConfigPlaceholders.requireNone(getClass().getSimpleName(), props);
        C parsed = parse(props);
        CrossChecks.requireNone(getClass().getSimpleName(), parsed.crossChecks());
        this.props = props;
        this.config = parsed;
    }

    protected Map<String, String> props() {
        return props;
    }

    protected C parsedConfig() {
        return config;
    }

    /** One task config per value: the connector's props plus {@code key} set to that task's value. */
    protected List<Map<String, String>> taskConfigsWith(String key, List<String> values) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (String value : values) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.put(key, value);
            configs.add(taskProps);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return definition;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return exactlyOnce;
    }

    /**
     * Single-key checks from the ConfigDef, then the checks that need several keys or the file system; keys that
     * look meant for this connector but are not its own (typos) are errors too.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConfigPlaceholders.report(UnknownKeys.report(CrossChecks.add(super.validate(connectorConfigs),
                () -> parse(connectorConfigs).crossChecks()), config(), connectorConfigs), connectorConfigs);
    }

    /** The default transaction boundary, one per poll batch, fits both: the connectors do not define their own. */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }
}
