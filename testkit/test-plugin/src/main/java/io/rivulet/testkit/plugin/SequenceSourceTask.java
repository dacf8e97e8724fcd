package io.rivulet.testkit.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Emits {@code key-N -> record-N} (or order N as an order-v2 Struct) for N from the committed position up to the
 * configured count.
 */
public class SequenceSourceTask extends IdlingSourceTask {
    private static final Schema ORDER = FixtureSchemas.named("order-v2");
    /** The simulator's sample orders are this recent. */
    private static final long START_MS = System.currentTimeMillis() / 60_000 * 60_000 - 3_600_000L;

    private SequenceSourceConfig config;
    private Map<String, String> partition;
    private long next;

    @Override
    public void start(Map<String, String> props) {
        config = new SequenceSourceConfig(props);
        partition = SequenceOffsets.partition(config.topic());
        next = SequenceOffsets.nextPosition(context.offsetStorageReader().offset(partition));
        running();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long end = Math.min(config.count(), next + config.batchSize());
        if (next >= end) {
            idle(config.pollIntervalMs());
            return null;
        }
        List<SourceRecord> records = new ArrayList<>((int) (end - next));
        for (; next < end; next++) {
            if (config.orders()) {
                Struct order = order(next + 1);
                records.add(new SourceRecord(partition, SequenceOffsets.offset(next + 1), config.topic(), null,
                        Schema.STRING_SCHEMA, order.getString("customer_id"), ORDER, order));
            } else {
                records.add(new SourceRecord(partition, SequenceOffsets.offset(next + 1), config.topic(), null,
                        Schema.STRING_SCHEMA, "key-" + next, Schema.STRING_SCHEMA, "record-" + next));
            }
        }
        return records;
    }

    /** The fields of the shop simulator's sample order {@code n} (ShopOrdersApi.sampleOrder). */
    private static Struct order(long n) {
        return new Struct(ORDER).put("order_id", "o-" + n).put("customer_id", "c-" + (n % 10))
                .put("total_amount", 10 + (n % 90) + 0.5).put("currency", n % 3 == 0 ? "USD" : "EUR")
                .put("order_ts", new java.util.Date(START_MS + n));
    }
}
