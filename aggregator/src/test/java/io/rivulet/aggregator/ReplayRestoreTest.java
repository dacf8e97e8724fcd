package io.rivulet.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.rivulet.aggregator.event.ClickEvent;
import io.rivulet.aggregator.event.ClickEvents;
import io.rivulet.aggregator.event.EventTimeExtractor;
import io.rivulet.aggregator.event.Routed;
import io.rivulet.aggregator.window.InputLog;
import io.rivulet.aggregator.window.OpenWindows;
import io.rivulet.aggregator.window.PartitionAggregator;
import io.rivulet.aggregator.window.TumblingWindows;

/**
 * A new task that restores its open windows by reading the input partition again hands on exactly what the first
 * task would have: one partition's clicks (repeated users, late events, an invalid event, a quiet spell that moves
 * the partition's time by the wall clock) are processed by a task that stops after {@code k} records, with its
 * progress store as committed then; a new task reads the partition again up to {@code k} and goes on. For every
 * {@code k}, what the two hand on together equals what one uninterrupted task hands on; also when the members are
 * restored from their mirror store (inputs read through a repartition topic).
 */
class ReplayRestoreTest {
    private static final TumblingWindows WINDOWS = new TumblingWindows(60_000, 200_000);
    private static final ClickEvents CLICKS = new ClickEvents("clicks", "timestamp");
    private static final long IDLE_TIMEOUT_MS = 30_000;
    private static final long BASE = 1_700_000_040_000L - 1_700_000_040_000L % 60_000;

    /** One input record, and the wall-clock time at which it arrives. */
    private record Input(byte[] value, long wallClock) {
    }

    @ParameterizedTest
    @CsvSource({"1, REPLAY_INPUT", "2, REPLAY_INPUT", "3, REPLAY_INPUT", "1, MIRRORED", "3, MIRRORED"})
    void aRestoredTaskHandsOnWhatTheFirstWouldHave(long seed, OpenWindows.Durability durability) {
        List<Input> inputs = traffic(seed);
        List<String> uninterrupted = new Run(inputs, durability, null, 0).upTo(inputs.size()).out;
        assertTrue(uninterrupted.stream().anyMatch(out -> out.contains("event_id=e-40,")),
                "the click after the short quiet spell is late: " + uninterrupted);
        assertTrue(uninterrupted.stream().filter(out -> out.contains("ClickCounts")).count() >= 4,
                "windows closed: " + uninterrupted);
        for (int k = 0; k <= inputs.size(); k++) {
            int k_ = k;
            Run first = new Run(inputs, durability, null, 0).upTo(k);
            Run second = new Run(inputs, durability, first, k).upTo(inputs.size());
            List<String> together = new ArrayList<>(first.out);
            together.addAll(second.out);
            int same = 0;
            while (same < Math.min(uninterrupted.size(), together.size())
                    && uninterrupted.get(same).equals(together.get(same))) {
                same++;
            }
            int at = same;
            assertEquals(uninterrupted.size(), together.size(), () -> "stopped after " + k_ + " records: first "
                    + "difference at output " + at + ": " + uninterrupted.subList(at, Math.min(at + 2,
                    uninterrupted.size())) + " vs " + together.subList(at, Math.min(at + 2, together.size())));
            assertEquals(uninterrupted, together, () -> "stopped after " + k_ + " records: first difference at "
                    + "output " + at + ": " + uninterrupted.get(at) + " vs " + together.get(at));
        }
    }

    /**
     * Six minutes of clicks of a few users, out of order by up to 10 s, and an invalid one. Two quiet spells: a
     * short one moves the partition's time 70 s ahead of the events while windows stay open (the long grace keeps
     * them), and the click after it is late only because of that; a long one closes every window, and the clicks
     * after it are late.
     */
    private static List<Input> traffic(long seed) {
        Random random = new Random(seed);
        List<Input> inputs = new ArrayList<>();
        long wallClock = BASE;
        long maxTime = Long.MIN_VALUE;
        for (int i = 0; i < 240; i++) {
            long time = BASE + i * 1_500L + random.nextInt(20_000) - 10_000;
            wallClock += 1_500;
            if (i == 40) {
                wallClock = Math.max(wallClock, maxTime + 70_000);
                time = WINDOWS.start(maxTime - 190_000) + 1_000; // its end plus grace is within those 70 s
            }
            if (i == 120) {
                wallClock = Math.max(wallClock, maxTime + 400_000);
                time = BASE + i * 1_500L - 5_000;
            }
            maxTime = Math.max(maxTime, time);
            String user = "u-" + random.nextInt(12);
            String action = List.of("page_view", "add_to_cart", "checkout", "purchase", "click").get(
                    random.nextInt(5));
            String segment = random.nextInt(10) == 0 ? null : List.of("new", "vip").get(random.nextInt(2));
            String json = i == 60 ? "{\"event_id\":\"bad\",\"timestamp\":" + time + "}" // no user: invalid
                    : "{\"event_id\":\"e-" + i + "\",\"user_id\":\"" + user + "\",\"action\":\"" + action
                    + "\",\"timestamp\":" + time + (segment == null ? "" : ",\"segment\":\"" + segment + "\"")
                    + "}";
            inputs.add(new Input(json.getBytes(StandardCharsets.UTF_8), wallClock));
        }
        return inputs;
    }

    /** One task over the input partition, as Kafka Streams runs it. */
    private static final class Run {
        private final List<Input> inputs;
        private final MockProcessorContext<String, Routed<ClickCounts>> context;
        private final PartitionAggregator<ClickEvent, ClickCounts> stage;
        private final JsonConverter converter = new JsonConverter();
        private final EventTimeExtractor times = new EventTimeExtractor("timestamp");
        final KeyValueStore<String, Long> progress;
        final KeyValueStore<Bytes, byte[]> users;
        final List<String> out = new ArrayList<>();
        private int next;
        private long streamTime = Long.MIN_VALUE;

        /**
         * A task with fresh stores, or one restored from {@code committed}'s stores as that task left them after
         * the records before {@code committedOffset}: from the input (replay) or from the mirror store.
         */
        Run(List<Input> inputs, OpenWindows.Durability durability, Run committed, int committedOffset) {
            this.inputs = inputs;
            this.next = committedOffset;
            converter.configure(Map.of("schemas.enable", "false"), false);
            context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), null);
            String name = PartitionAggregator.progressStoreName(ClicksProcessor.NAME);
            progress = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                    Serdes.Long()).withLoggingDisabled().build();
            progress.init(context.getStateStoreContext(), progress);
            context.addStateStore(progress);
            users = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ClickPartials.USERS_STORE),
                    Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
            users.init(context.getStateStoreContext(), users);
            context.addStateStore(users);
            InputLog log = null;
            if (committed != null) {
                try (var all = committed.progress.all()) {
                    all.forEachRemaining(entry -> progress.put(entry.key, entry.value));
                }
                try (var all = committed.users.all()) {
                    all.forEachRemaining(entry -> users.put(entry.key, entry.value));
                }
                log = (topic, partition, fromOffset, each) -> {
                    for (int offset = (int) fromOffset; offset < committedOffset; offset++) {
                        each.accept(new ConsumerRecord<>(topic, partition, offset, new byte[0],
                                inputs.get(offset).value()));
                    }
                };
                for (int offset = 0; offset < committedOffset; offset++) {
                    deserialize(offset); // Kafka Streams restores the stream time from the committed metadata
                }
            }
            stage = new PartitionAggregator<>(ClicksProcessor.NAME, CLICKS, new ClickPartials(durability), WINDOWS,
                    IDLE_TIMEOUT_MS, durability == OpenWindows.Durability.MIRRORED ? null
                    : new PartitionAggregator.Replay(log, new ConverterSerde(converter).deserializer(), times));
            context.setCurrentSystemTimeMs(committedOffset == 0 ? BASE : inputs.get(committedOffset - 1)
                    .wallClock());
            context.setCurrentStreamTimeMs(streamTime);
            stage.init(context);
        }

        /** Kafka Streams' view of record {@code offset}: its value and the stream time after it. */
        private SchemaAndValue deserialize(int offset) {
            SchemaAndValue value = converter.toConnectData("clicks", inputs.get(offset).value());
            ConsumerRecord<Object, Object> record = new ConsumerRecord<>("clicks", 0, offset, 0L, value);
            streamTime = Math.max(streamTime, times.extract(record, streamTime));
            return value;
        }

        Run upTo(int end) {
            for (; next < end; next++) {
                Input input = inputs.get(next);
                punctuateAt(input.wallClock());
                SchemaAndValue value = deserialize(next);
                context.setRecordMetadata("clicks", 0, next);
                context.setCurrentStreamTimeMs(streamTime);
                context.setCurrentSystemTimeMs(input.wallClock());
                try {
                    stage.process(new Record<>(new byte[0], value, 0L));
                } catch (RuntimeException e) {
                    out.add("invalid " + next); // the processing exception handler's part
                }
                collect();
            }
            return this;
        }

        private void punctuateAt(long wallClock) {
            context.setCurrentSystemTimeMs(wallClock);
            context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(wallClock));
            collect();
        }

        private void collect() {
            context.forwarded().forEach(f -> out.add(f.record().key() + "=" + f.record().value() + "@"
                    + f.record().timestamp()));
            context.resetForwards();
        }
    }
}
