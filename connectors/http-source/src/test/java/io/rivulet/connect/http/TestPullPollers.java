package io.rivulet.connect.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import io.rivulet.connect.http.pull.PullPoller;
import io.rivulet.testkit.ShopApiStub;

/** A pull task's poller as the task starts it, on the shop stub's cursor pages of two, with no offsets yet. */
final class TestPullPollers {
    private static final OffsetStorageReader NO_OFFSETS = new OffsetStorageReader() {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return null;
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            return Map.of();
        }
    };

    private TestPullPollers() {
    }

    static PullPoller start(ShopApiStub shop, Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("http.url", shop.url() + "/orders");
        props.put("topic", "orders");
        props.put("http.pagination", "cursor");
        props.put("http.cursor.pointer", "/next_cursor");
        props.put("http.records.pointer", "/data/orders");
        props.put("http.limit.param", "limit");
        props.put("http.limit", "2");
        props.put(HttpPullSourceConfig.TASK_ENDPOINTS_CONFIG, "default");
        props.putAll(overrides);
        HttpPullSourceConfig config = HttpPullSourceConfig.forTask(props);
        return new PullPoller(config, NO_OFFSETS, config.recordFactory());
    }

    /** Polls as Connect does for {@code ms}, returning the order ids of the records. */
    static List<String> pollFor(PullPoller poller, long ms) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            List<SourceRecord> records = poller.poll();
            if (records != null) {
                records.forEach(record -> ids.add((String) ((Map<?, ?>) record.value()).get("order_id")));
            }
        }
        return ids;
    }
}
