package io.rivulet.connect.jdbc;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import io.rivulet.common.CheckedSinkConnector;

/**
 * Writes records with schemas into database tables, one table per topic: insert, upsert or update by a primary key
 * from the record key, value or Kafka coordinates, creating and evolving tables from the schemas. With upsert on a
 * key the records carry (the aggregator's window keys), replays and restarts write the same rows again, so the
 * tables hold each result exactly once.
 */
public class JdbcSinkConnector extends CheckedSinkConnector {
    @Override
    protected Map<String, List<String>> crossChecks(Map<String, String> props) {
        return new JdbcSinkConfig(props).crossChecks();
    }

    /** As at start, and when those pass, primary.key.fields against the tables that exist already. */
    @Override
    protected Map<String, List<String>> validationChecks(Map<String, String> props) {
        JdbcSinkConfig config = new JdbcSinkConfig(props);
        Map<String, List<String>> errors = config.crossChecks();
        if (errors.isEmpty()) {
            ExistingTableCheck.check(config, props, errors);
        }
        return errors;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props());
    }

    @Override
    public ConfigDef config() {
        return JdbcSinkConfig.CONFIG_DEF;
    }
}
