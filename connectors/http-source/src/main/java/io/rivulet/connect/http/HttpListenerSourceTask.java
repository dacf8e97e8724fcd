package io.rivulet.connect.http;

import java.util.Map;

import io.rivulet.connect.http.listen.ListenPoller;

/** Runs one HTTP listener on the port the connector gave this task and hands Connect the events POSTed to it. */
public class HttpListenerSourceTask extends PollerSourceTask {
    @Override
    protected Poller startPoller(Map<String, String> props) {
        HttpListenerSourceConfig config = HttpListenerSourceConfig.forTask(props);
        return ListenPoller.start(config, config.recordFactory());
    }
}
