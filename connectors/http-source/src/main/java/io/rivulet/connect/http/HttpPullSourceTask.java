package io.rivulet.connect.http;

import java.util.Map;

import io.rivulet.connect.http.pull.PullPoller;

/** Reads its share of the endpoints, page by page, from the position in its offsets. */
public class HttpPullSourceTask extends PollerSourceTask {
    @Override
    protected Poller startPoller(Map<String, String> props) {
        HttpPullSourceConfig config = HttpPullSourceConfig.forTask(props);
        return new PullPoller(config, context.offsetStorageReader(), config.recordFactory());
    }
}
