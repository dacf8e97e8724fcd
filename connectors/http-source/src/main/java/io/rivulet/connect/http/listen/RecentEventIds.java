package io.rivulet.connect.http.listen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.rivulet.common.MemberTable;

/**
 * The event ids this task wrote (or is writing) within the dedup window: a client's retry finds the write of the
 * first attempt and is answered by it instead of writing the event again. Per task, so a retry that reaches another
 * task is written again.
 *
 * <p>Each claim of an id gets the next sequence number. The ids are kept as bytes in a {@link MemberTable}, each
 * with its claim time and sequence number; the writes still under way are kept in claim order, and once done only
 * their outcome, a byte per sequence number. So a remembered id costs a few dozen bytes in three arrays instead of
 * a map entry, a string and a future: at a few hundred thousand events a second those objects were a million that
 * every young collection copied, and cost the listener a fifth of its throughput. Claiming an id is one lookup in
 * each generation, and the insert into the slot the lookup found; a write that completes costs nothing here.
 *
 * <p>Ids are kept in two generations: a new one starts when the newest holds {@code maxIds} ids or is a window old,
 * and the one before it is then dropped, so at least the newest {@code maxIds} ids (and at most twice as many) are
 * remembered, each for the window from its claim. A failed write is not remembered: its retry writes the event.
 */
final class RecentEventIds {
    /** An event's write, as a retry of the event sees it. */
    interface Write {
        /** Whether it is done: written or failed. */
        boolean done();

        boolean failed();

        /** Whether it went to the invalid topic (when done and not failed). */
        boolean routedAsInvalid();

        /** A future of it, for a retry that waits for it. */
        CompletableFuture<Boolean> future();
    }

    /** A retry's answer when the first write is done. */
    private static final CompletableFuture<Boolean> WRITTEN = CompletableFuture.completedFuture(false);
    private static final CompletableFuture<Boolean> WRITTEN_AS_INVALID = CompletableFuture.completedFuture(true);
    private static final byte OUTCOME_WRITTEN = 1;
    private static final byte OUTCOME_INVALID = 2;
    private static final byte OUTCOME_FAILED = 3;
    private static final int PAYLOAD = 2 * Long.BYTES;

    /** Ids claimed from {@code firstAtMs} on. */
    private record Generation(MemberTable ids, long firstAtMs) {
    }

    private final long windowMs;
    private final int maxIds;
    /** The writes of claims {@code firstUnderWay} to {@code nextSequence - 1}, in a ring, oldest at {@code head}. */
    private Write[] underWay = new Write[64];
    private int head;
    private long firstUnderWay;
    private long nextSequence;
    /** The outcomes of the claims before {@code firstUnderWay}, the newest {@code outcomes.length} of them. */
    private final byte[] outcomes;
    private Generation newest;
    private Generation older;

    RecentEventIds(long windowMs, int maxIds) {
        this.windowMs = windowMs;
        this.maxIds = maxIds;
        // Room for every claim the generations can hold, and for ids claimed again within them.
        this.outcomes = new byte[windowMs > 0 ? (int) Math.min(1 << 30, Long.highestOneBit(Math.max(maxIds, 16)) * 8)
                : 0];
    }

    /** Whether retries are recognised at all. */
    private boolean enabled() {
        return windowMs > 0;
    }

    /**
     * For each event of a request, makes its write the write of its id and gives null, or gives the write already
     * registered for that id (an id twice in one request: the first one's). A null id (no id field) is never a
     * duplicate. One lock for the whole request. A write that fails (the queue refused the request) is forgotten
     * once it has failed.
     */
    synchronized List<CompletableFuture<Boolean>> claim(List<String> ids, List<? extends Write> writes, long nowMs) {
        List<CompletableFuture<Boolean>> earlier = new ArrayList<>(ids.size());
        if (!enabled()) {
            ids.forEach(id -> earlier.add(null));
            return earlier;
        }
        recordDoneWrites();
        List<byte[]> keys = new ArrayList<>(ids.size());
        for (String id : ids) {
            byte[] key = id == null ? null : id.getBytes(StandardCharsets.UTF_8);
            keys.add(key == null || key.length > MemberTable.MAX_KEY ? null : key);
        }
        List<byte[]> present = keys.stream().filter(key -> key != null).toList();
        if (older != null) {
            older.ids().prefetch(present);
        }
        if (newest != null) {
            newest.ids().prefetch(present);
        }
        for (int i = 0; i < ids.size(); i++) {
            // An id longer than a table's key is never taken for a retry.
            earlier.add(keys.get(i) == null ? null : claim(keys.get(i), writes.get(i), nowMs));
        }
        return earlier;
    }

    /** Ids remembered (for tests). */
    synchronized int size() {
        return (newest == null ? 0 : newest.ids().size()) + (older == null ? 0 : older.ids().size());
    }

    private CompletableFuture<Boolean> claim(byte[] key, Write write, long nowMs) {
        if (newest == null || newest.ids().size() >= maxIds || nowMs - newest.firstAtMs() >= windowMs) {
            older = newest;
            newest = new Generation(older == null ? new MemberTable() : new MemberTable(older.ids()), nowMs);
        }
        CompletableFuture<Boolean> inOlder = older == null ? null : earlierWrite(older.ids().get(key), 0, nowMs);
        List<CompletableFuture<Boolean>> found = new ArrayList<>(1);
        long sequence = nextSequence;
        boolean claimed = newest.ids().merge(key, (arena, offset, length) -> {
            CompletableFuture<Boolean> inNewest = offset < 0 ? null : earlierWrite(arena, offset, nowMs);
            CompletableFuture<Boolean> earlier = inNewest != null ? inNewest : inOlder;
            if (earlier != null) {
                found.add(earlier);
                return null;
            }
            return payload(nowMs, sequence);
        });
        if (!claimed) {
            return found.get(0);
        }
        addUnderWay(write);
        return null;
    }

    /**
     * The write a payload's claim stands for, when it is within the window and did not fail: under way, or done
     * (and then its outcome); null otherwise.
     */
    private CompletableFuture<Boolean> earlierWrite(byte[] payload, int offset, long nowMs) {
        if (payload == null || readLong(payload, offset) < nowMs - windowMs) {
            return null;
        }
        long sequence = readLong(payload, offset + Long.BYTES);
        if (sequence >= firstUnderWay) {
            Write write = underWay[(int) ((head + sequence - firstUnderWay) & (underWay.length - 1))];
            return write.failed() ? null : write.future();
        }
        if (sequence < nextSequence - outcomes.length) {
            return null; // claimed so long ago (ids claimed again and again) that its outcome is gone
        }
        return switch (outcomes[(int) (sequence & (outcomes.length - 1))]) {
            case OUTCOME_WRITTEN -> WRITTEN;
            case OUTCOME_INVALID -> WRITTEN_AS_INVALID;
            default -> null;
        };
    }

    private void addUnderWay(Write write) {
        int count = (int) (nextSequence - firstUnderWay);
        if (count == underWay.length) {
            Write[] grown = new Write[underWay.length * 2];
            for (int i = 0; i < count; i++) {
                grown[i] = underWay[(head + i) & (underWay.length - 1)];
            }
            underWay = grown;
            head = 0;
        }
        underWay[(head + count) & (underWay.length - 1)] = write;
        nextSequence++;
    }

    /**
     * Keeps the outcome of the writes done, oldest first, and lets go of them. Done here, on a request's thread:
     * the writes complete on the producer's.
     */
    private void recordDoneWrites() {
        while (firstUnderWay < nextSequence && underWay[head].done()) {
            Write done = underWay[head];
            outcomes[(int) (firstUnderWay & (outcomes.length - 1))] = done.failed() ? OUTCOME_FAILED
                    : done.routedAsInvalid() ? OUTCOME_INVALID : OUTCOME_WRITTEN;
            underWay[head] = null;
            head = (head + 1) & (underWay.length - 1);
            firstUnderWay++;
        }
        if (firstUnderWay == nextSequence && underWay.length > 1024) {
            underWay = new Write[64]; // a burst is over: its ring goes too
            head = 0;
        }
    }

    private static byte[] payload(long claimedAtMs, long sequence) {
        byte[] payload = new byte[PAYLOAD];
        writeLong(payload, 0, claimedAtMs);
        writeLong(payload, Long.BYTES, sequence);
        return payload;
    }

    private static void writeLong(byte[] bytes, int offset, long value) {
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[offset + i] = (byte) (value >>> (Long.SIZE - Byte.SIZE * (i + 1)));
        }
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = value << Byte.SIZE | (bytes[offset + i] & 0xff);
        }
        return value;
    }

}
