package io.rivulet.aggregator.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Per-window state in a key-value store, keyed by window start then member, and deleted when the window is written.
 * Kafka Streams' window stores expire segments by the newest window ever put, which runs ahead of the watermark
 * when input partitions are skewed (a replay, a lagging partition) and would drop state of windows still open; here
 * a window's state lives exactly until its result is written.
 *
 * @param <V> the value kept per window and member
 */
public final class WindowedStore<V> {
    private static final int DELETE_BATCH = 10_000;

    private final KeyValueStore<Bytes, byte[]> store;
    private final Serde<V> serde;

    private WindowedStore(KeyValueStore<Bytes, byte[]> store, Serde<V> serde) {
        this.store = store;
        this.serde = serde;
    }

    /**
     * RocksDB without Kafka Streams' record cache: with distinct users (each key written once per window) the cache
     * only adds work, and its sorted ranges made closing a window of 1M users slower (bench/aggregator.sh: 42k
     * instead of 68k events/s on one thread).
     */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(),
                Serdes.ByteArray());
    }

    /**
     * In memory, for a few entries per window (a final stage's totals): changelogged like the other, restored from
     * its changelog, and with nothing to write to disk on each commit. In RocksDB every commit (every 100 ms under
     * exactly-once) flushed a memtable of a few entries to a file of its own, and compacting those files made the
     * slowest window results of bench/aggregator.sh late.
     */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> smallBuilder(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
    }

    public static <V> WindowedStore<V> of(ProcessingContext context, String name, Serde<V> serde) {
        return new WindowedStore<>(context.getStateStore(name), serde);
    }

    public V get(long windowStart, String member) {
        byte[] value = store.get(key(windowStart, member));
        return value == null ? null : serde.deserializer().deserialize(null, value);
    }

    public void put(long windowStart, String member, V value) {
        store.put(key(windowStart, member), serde.serializer().serialize(null, value));
    }

    /** An entry of a window being written. */
    public record Entry<V>(long windowStart, String member, V value) {
    }

    /** Every entry, by window then member. */
    public void forEach(Consumer<Entry<V>> action) {
        forEach(store.all(), action);
    }

    /** Every entry of windows that start at or before {@code lastWindowStart}, by window then member. */
    public void forEachUpTo(long lastWindowStart, Consumer<Entry<V>> action) {
        forEach(store.range(key(Long.MIN_VALUE, ""), prefix(lastWindowStart + 1)), action);
    }

    private void forEach(KeyValueIterator<Bytes, byte[]> entries, Consumer<Entry<V>> action) {
        try (entries) {
            while (entries.hasNext()) {
                KeyValue<Bytes, byte[]> next = entries.next();
                action.accept(new Entry<>(windowOf(next.key), memberOf(next.key),
                        serde.deserializer().deserialize(null, next.value)));
            }
        }
    }

    /** Deletes every entry of windows that start at or before {@code lastWindowStart}, in bounded batches. */
    public void deleteUpTo(long lastWindowStart) {
        while (true) {
            List<Bytes> batch = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> range = store.range(key(Long.MIN_VALUE, ""),
                    prefix(lastWindowStart + 1))) {
                while (range.hasNext() && batch.size() < DELETE_BATCH) {
                    batch.add(range.next().key);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            batch.forEach(store::delete);
        }
    }

    /** The window start with its sign bit flipped, big-endian, so byte order is time order; then the member. */
    static Bytes key(long windowStart, String member) {
        byte[] name = member.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + name.length).putLong(windowStart ^ Long.MIN_VALUE)
                .put(name).array());
    }

    private static Bytes prefix(long windowStart) {
        return key(windowStart, "");
    }

    static long windowOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE;
    }

    static String memberOf(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8);
    }
}
