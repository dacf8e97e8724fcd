package io.rivulet.connect.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import io.rivulet.common.CrossChecks;
import io.rivulet.common.PluginVersion;

/**
 * Writes records with schemas into database tables, one table per topic: insert, upsert or update by a primary key
 * from the record key, value or Kafka coordinates, creating and evolving tables from the schemas. With upsert on a
 * key the records carry (the aggregator's window keys), replays and restarts write the same rows again, so the
 * tables hold each result exactly once.
 */
public class JdbcSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        CrossChecks.requireNone("JdbcSinkConnector", new JdbcSinkConfig(props).crossChecks());
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return JdbcSinkConfig.CONFIG_DEF;
    }

    /**
     * Single-key checks from the ConfigDef, then the checks that need several keys, each on its key, and, when those
     * pass, primary.key.fields against the tables that exist already.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return CrossChecks.add(super.validate(connectorConfigs), () -> {
            JdbcSinkConfig config = new JdbcSinkConfig(connectorConfigs);
            Map<String, List<String>> errors = config.crossChecks();
            if (errors.isEmpty()) {
                ExistingTableCheck.check(config, connectorConfigs, errors);
            }
            return errors;
        });
    }
}
