package io.rivulet.aggregator.window;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.common.MemberTable;

/**
 * The members of one input partition's open windows, in memory ({@link MemberTable} per window). How they survive a
 * restart depends on the input:
 * <ul>
 * <li>{@link Durability#REPLAY_INPUT}: nothing is written per member. The input partition itself is the log: a new
 * task reads it again from the first record of the oldest open window up to the committed offset
 * ({@link PartitionAggregator} keeps those positions), as Kafka Streams reuses a source topic as a table's
 * changelog. This needs the input's retention to cover the open windows.</li>
 * <li>{@link Durability#MIRRORED}: each member is also put into a changelogged store and deleted with its window,
 * for inputs read from a repartition topic, which Kafka Streams purges up to the committed offset.</li>
 * </ul>
 * With the input as the log, merges wait in a batch of {@value #BATCH} and are applied together
 * ({@link MemberTable.Batch}), before anything reads the members: a window's close, the figures. Nothing else needs
 * them sooner, since a restart rebuilds the members from the input up to the committed offset, whether or not they
 * had been applied. A mirrored member is put at once, so that the store holds it when its offset is committed.
 */
public final class OpenWindows {
    /** How the open windows' members survive a restart. */
    public enum Durability { REPLAY_INPUT, MIRRORED }

    /** Merges applied together: enough that their cache misses overlap, few enough to stay in the cache. */
    static final int BATCH = 64;
    private static final Logger log = LoggerFactory.getLogger(OpenWindows.class);

    private final NavigableMap<Long, MemberTable> windows = new TreeMap<>();
    private final String mirrorStore;
    private WindowedStore<byte[]> mirror;
    /** The window the last event went to, and its table: nearly every event goes to the same one as the last. */
    private long lastStart;
    private MemberTable lastTable;
    /** The table of the last window closed, cleared and used again for the next window opened. */
    private MemberTable spare;
    private final MemberTable.Batch pending = new MemberTable.Batch(BATCH);

    private OpenWindows(String mirrorStore) {
        this.mirrorStore = mirrorStore;
    }

    /** @param storeName the mirror store's name, used when {@code durability} is {@link Durability#MIRRORED} */
    public static OpenWindows of(Durability durability, String storeName) {
        return new OpenWindows(durability == Durability.MIRRORED ? storeName : null);
    }

    public List<StoreBuilder<?>> stores() {
        return mirrorStore == null ? List.of() : List.of(WindowedStore.builder(mirrorStore));
    }

    /** Looks up the mirror store, if any, and loads the members it holds. */
    public void init(ProcessingContext context) {
        windows.clear();
        pending.clear();
        lastTable = null;
        spare = null;
        if (mirrorStore != null) {
            mirror = WindowedStore.of(context, mirrorStore, Serdes.ByteArray());
            mirror.forEach(entry -> table(entry.windowStart()).put(entry.member().getBytes(StandardCharsets.UTF_8),
                    entry.value()));
        }
    }

    public boolean isOpen(long windowStart) {
        return (lastTable != null && lastStart == windowStart) || windows.containsKey(windowStart);
    }

    /**
     * Changes {@code member}'s payload in the window (or makes it a member) as {@code change} says, in one lookup;
     * with the input as the log, in the next batch. A member key too long is refused here, for the event that
     * brought it.
     */
    public void merge(long windowStart, byte[] member, MemberTable.PayloadMerge change) {
        MemberTable table = table(windowStart);
        if (mirror == null) {
            if (pending.add(table, member, change)) {
                flush();
            }
            return;
        }
        byte[][] written = new byte[1][];
        boolean changed = table.merge(member, (arena, offset, length) -> {
            written[0] = change.merge(arena, offset, length);
            return written[0];
        });
        if (changed) {
            mirror.put(windowStart, new String(member, StandardCharsets.UTF_8), written[0]);
        }
    }

    /** Applies the merges waiting in the batch. */
    private void flush() {
        if (!pending.isEmpty()) {
            pending.apply((member, e) -> log.error("A member of an open window was not changed: {} ({})",
                    new String(member, StandardCharsets.UTF_8), e.getMessage()));
        }
    }

    /** Hands on each window that starts at or before {@code lastWindowStart}, oldest first, and drops them. */
    public void closeUpTo(long lastWindowStart, BiConsumer<Long, MemberTable> closed) {
        flush();
        NavigableMap<Long, MemberTable> head = windows.headMap(lastWindowStart, true);
        for (Map.Entry<Long, MemberTable> window : head.entrySet()) {
            closed.accept(window.getKey(), window.getValue());
            spare = window.getValue();
        }
        boolean any = !head.isEmpty();
        head.clear();
        lastTable = null;
        if (any && mirror != null) {
            mirror.deleteUpTo(lastWindowStart);
        }
    }

    /** Members over all open windows, and their bytes, for the state-size figure. */
    public long members() {
        flush();
        return windows.values().stream().mapToLong(MemberTable::size).sum();
    }

    public long bytes() {
        flush();
        return windows.values().stream().mapToLong(MemberTable::bytes).sum();
    }

    /**
     * A new window's table: the last closed window's, cleared (its arrays are as large as that window needed), or
     * else one sized like the newest open window's, its arena an eighth larger (or empty, in a new task). So with
     * steady traffic a table grows no more than once and a new window allocates nothing: a partition's table of
     * 170,000 users is arrays of megabytes, which G1 allocates apart (humongous), each such allocation a reason for
     * a GC cycle; grown from empty it was copied about 15 times a minute. (The slots are sized for as many members,
     * not more: an eighth more would double them at 170,000, 12 bytes per user.) A closed window's table is handed
     * on only during {@link #closeUpTo}, so nothing reads it when it is used again.
     */
    private MemberTable newTable() {
        if (spare != null) {
            MemberTable reused = spare;
            spare = null;
            reused.clear();
            return reused;
        }
        Map.Entry<Long, MemberTable> newest = windows.lastEntry();
        int members = newest != null ? newest.getValue().size() : 0;
        int bytes = newest != null ? newest.getValue().used() : 0;
        return members == 0 ? new MemberTable() : new MemberTable(members, bytes + bytes / 8);
    }

    private MemberTable table(long windowStart) {
        if (lastTable == null || lastStart != windowStart) {
            lastTable = windows.computeIfAbsent(windowStart, start -> newTable());
            lastStart = windowStart;
        }
        return lastTable;
    }
}
