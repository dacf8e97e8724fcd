package io.rivulet.connect.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

/**
 * Takes events POSTed by browsers and services: each task runs an HTTP listener and answers 202 only once the
 * request's events are written to Kafka.
 */
public class HttpListenerSourceConnector extends AbstractHttpSourceConnector<HttpListenerSourceConfig> {
    /**
     * A listener has no position to replay from: it answers a POST once its events' transaction committed, but a
     * client that retries after a timeout may send them twice, so it does not claim exactly-once.
     */
    public HttpListenerSourceConnector() {
        super(HttpListenerSourceConfig.CONFIG_DEF, HttpListenerSourceConfig::new, HttpListenerSourceTask.class, ExactlyOnceSupport.UNSUPPORTED);
    }

    /** maxTasks listeners on consecutive ports from listener.port; each gets the connector's props plus its port. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        int basePort = parsedConfig().getInt(HttpListenerSourceConfig.LISTENER_PORT_CONFIG);
        List<String> ports = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            ports.add(Integer.toString(basePort + i));
        }
        return taskConfigsWith(HttpListenerSourceConfig.TASK_LISTENER_PORT_CONFIG, ports);
    }

    /** A listener keeps no offsets: there is nothing to reset or alter, and a request to is refused. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        if (!offsets.isEmpty()) {
            throw new ConnectException("The listener keeps no source offsets: there is no position to alter or "
                    + "reset (a client replays by POSTing again)");
        }
        return true;
    }
}
