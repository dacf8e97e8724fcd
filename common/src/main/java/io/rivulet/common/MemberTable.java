package io.rivulet.common;

import java.util.Arrays;
import java.util.List;

/**
 * A set of byte-string keys (members), each once with a few bytes of payload: the aggregator's users and orders of
 * one window in one input partition (what each member did), the HTTP listener's recent event ids (when each was
 * written). An open-addressing hash table over one byte arena, so a million members take about 30 bytes each on
 * the heap instead of a hundred in a map of strings, and the garbage collector sees two arrays, not a million
 * objects to copy. Entries are {@code [key length (2)][payload length (2)][key][payload]}, written one after
 * another; a payload that grows is written again at the arena's end (rare: a user's second segment) and its old
 * entry marked dead in the key length's top bit, so the members can be read in arena order. With members by the
 * hundred thousand, a lookup is a cache miss, not the comparison: one slot is one {@code long} (the key's hash
 * beside the entry's offset), so a lookup's probes read one or two cache lines of slots and the arena only where
 * the hashes agree.
 */
public final class MemberTable {
    /** The longest key a table keeps. */
    public static final int MAX_KEY = 0x7fff;
    private static final int MAX_PAYLOAD = 0xffff;
    private static final int DEAD = 0x80;
    private static final int HEADER = 4;

    private byte[] arena = new byte[256];
    private int used;
    /** Per slot: the key's hash in the high half, the entry's offset plus one in the low half; 0: empty. */
    private long[] slots = new long[16];
    private int size;
    @SuppressWarnings("unused")
    private long prefetched;

    /** An empty table. */
    public MemberTable() {
    }

    /**
     * An empty table sized for as many members as {@code like} holds, in as many bytes: a table that replaces
     * another of its kind then grows no more than that one did.
     */
    public MemberTable(MemberTable like) {
        this(like.size, like.used);
    }

    /** An empty table with room for {@code members} members in {@code bytes} bytes of entries. */
    public MemberTable(int members, int bytes) {
        arena = new byte[Math.max(256, bytes)];
        long slotsFor = Math.max(16, Long.highestOneBit(Math.max(1, members * 10L / 7)) * 2);
        slots = new long[(int) Math.min(1 << 30, slotsFor)];
    }

    /**
     * Forgets every member and keeps the arrays, for a table that replaces this one: a new window's table of
     * hundreds of thousands of members is arrays of megabytes, which G1 allocates apart (humongous), each
     * allocation a reason for a collection cycle.
     */
    public void clear() {
        Arrays.fill(slots, 0L);
        used = 0;
        size = 0;
    }

    /** How a member's payload changes. */
    public interface PayloadMerge {
        /**
         * The payload after the change, or null when nothing changes. {@code offset} is -1 when the key is no
         * member yet; the range is valid only during the call.
         */
        byte[] merge(byte[] arena, int offset, int length);
    }

    /**
     * Reads the slots of {@code keys} into the cache ahead of their lookups or puts. In a large table each lookup is
     * a cache miss, and one lookup's probe waits for the miss before it; reading all the slots in one short loop
     * lets the processor wait for many misses at once.
     */
    public void prefetch(List<byte[]> keys) {
        int[] hashes = new int[keys.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hash(keys.get(i));
        }
        int mask = slots.length - 1;
        long read = 0;
        for (int hash : hashes) {
            read += slots[hash & mask];
        }
        prefetched = read; // kept, so that the reads are not optimised away
    }

    /** The payload of {@code key}, or null when it is no member. */
    public byte[] get(byte[] key) {
        int slot = find(key, hash(key));
        if (slots[slot] == 0) {
            return null;
        }
        int at = entry(slots[slot]);
        int payload = at + HEADER + key.length;
        return Arrays.copyOfRange(arena, payload, payload + payloadLength(at));
    }

    /** Makes {@code key} a member with {@code payload}; returns false when it was one with that payload already. */
    public boolean put(byte[] key, byte[] payload) {
        return merge(key, (bytes, offset, length) -> offset >= 0
                && Arrays.equals(bytes, offset, offset + length, payload, 0, payload.length) ? null : payload);
    }

    /** Changes {@code key}'s payload (or makes it a member) as {@code change} says; returns whether it changed. */
    public boolean merge(byte[] key, PayloadMerge change) {
        checkKey(key);
        return merge(key, hash(key), change);
    }

    private static void checkKey(byte[] key) {
        if (key.length > MAX_KEY) {
            throw new IllegalArgumentException("Member key of " + key.length + " bytes is too long");
        }
    }

    private boolean merge(byte[] key, int hash, PayloadMerge change) {
        int slot = find(key, hash);
        if (slots[slot] != 0) {
            int at = entry(slots[slot]);
            int from = at + HEADER + key.length;
            int length = payloadLength(at);
            byte[] payload = change.merge(arena, from, length);
            if (payload == null) {
                return false;
            }
            if (payload.length == length) {
                System.arraycopy(payload, 0, arena, from, length);
                return true;
            }
            checkPayload(payload); // before the entry is marked dead: a payload refused leaves the member as it was
            arena[at] |= (byte) DEAD; // before append: the arena may be copied
            slots[slot] = slot(hash, append(key, payload));
            return true;
        }
        byte[] payload = change.merge(arena, -1, 0);
        if (payload == null) {
            return false;
        }
        slots[slot] = slot(hash, append(key, payload));
        if (++size * 10 > slots.length * 7) {
            grow();
        }
        return true;
    }

    private static void checkPayload(byte[] payload) {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("Member payload of " + payload.length + " bytes is too long");
        }
    }

    /**
     * Merges applied together, in the order they were added, as one {@link #merge} after another would: with
     * members by the hundred thousand each merge starts with a cache miss on its slot, and reading the slots of
     * the whole batch first, in one short loop, lets the processor wait for those misses at once instead of one
     * after another (the aggregator's clicks of new users: the miss was 12% of a stream thread's time).
     */
    public static final class Batch {
        private final MemberTable[] tables;
        private final byte[][] keys;
        private final PayloadMerge[] changes;
        private final int[] hashes;
        private int size;
        @SuppressWarnings("unused")
        private long read;

        public Batch(int capacity) {
            tables = new MemberTable[capacity];
            keys = new byte[capacity][];
            changes = new PayloadMerge[capacity];
            hashes = new int[capacity];
        }

        /** What is done with a merge whose change threw: the member, and the exception. */
        public interface Failure {
            void failed(byte[] key, RuntimeException exception);
        }

        /**
         * Adds {@code table.merge(key, change)} to the batch; returns true when the batch is full, to be applied.
         * A key too long is refused here, as {@link #merge} refuses it.
         */
        public boolean add(MemberTable table, byte[] key, PayloadMerge change) {
            checkKey(key);
            tables[size] = table;
            keys[size] = key;
            changes[size] = change;
            return ++size == keys.length;
        }

        public boolean isEmpty() {
            return size == 0;
        }

        /** Forgets the merges not applied. */
        public void clear() {
            Arrays.fill(tables, 0, size, null);
            Arrays.fill(keys, 0, size, null);
            Arrays.fill(changes, 0, size, null);
            size = 0;
        }

        /**
         * Applies the merges in order. One whose change throws (or makes a payload too long) changes nothing and
         * goes to {@code failure}; the others are applied all the same.
         */
        public void apply(Failure failure) {
            long sum = 0;
            for (int i = 0; i < size; i++) {
                int hash = hash(keys[i]);
                hashes[i] = hash;
                long[] slots = tables[i].slots;
                sum += slots[hash & (slots.length - 1)];
            }
            // Then the entries of keys that may be members (the slot's hash agrees), compared with the key next.
            for (int i = 0; i < size; i++) {
                long[] slots = tables[i].slots;
                long found = slots[hashes[i] & (slots.length - 1)];
                if (found != 0 && (int) (found >>> 32) == hashes[i]) {
                    sum += tables[i].arena[entry(found)];
                }
            }
            read = sum; // kept, so that the reads are not optimised away
            for (int i = 0; i < size; i++) {
                try {
                    tables[i].merge(keys[i], hashes[i], changes[i]);
                } catch (RuntimeException e) {
                    failure.failed(keys[i], e);
                }
            }
            clear(); // not just size = 0: a table of a closed window must not stay reachable from here
        }
    }

    public int size() {
        return size;
    }

    /** Bytes of entries written (dead ones included). */
    public int used() {
        return used;
    }

    /** Bytes held: the arena in use and the slots. */
    public long bytes() {
        return used + (long) slots.length * Long.BYTES;
    }

    /** What is done with each member. */
    public interface MemberConsumer {
        void accept(byte[] arena, int keyOffset, int keyLength, int payloadOffset, int payloadLength);
    }

    /** Each member, in the order of their entries, as ranges of the arena (valid only during the call). */
    public void forEach(MemberConsumer action) {
        int at = 0;
        while (at < used) {
            int keyLength = keyLength(at);
            int payloadLength = payloadLength(at);
            if ((arena[at] & DEAD) == 0) {
                action.accept(arena, at + HEADER, keyLength, at + HEADER + keyLength, payloadLength);
            }
            at += HEADER + keyLength + payloadLength;
        }
    }

    private int find(byte[] key, int hash) {
        int mask = slots.length - 1;
        int slot = hash & mask;
        while (slots[slot] != 0) {
            long found = slots[slot];
            if ((int) (found >>> 32) == hash) {
                int at = entry(found);
                if (keyLength(at) == key.length
                        && Arrays.equals(arena, at + HEADER, at + HEADER + key.length, key, 0, key.length)) {
                    return slot;
                }
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private int append(byte[] key, byte[] payload) {
        checkPayload(payload);
        int length = HEADER + key.length + payload.length;
        if (used + length > arena.length) {
            long wanted = Math.max((long) arena.length * 2, (long) used + length);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("A window holds more members than one table can keep");
            }
            arena = Arrays.copyOf(arena, (int) wanted);
        }
        int at = used;
        arena[at] = (byte) (key.length >>> 8);
        arena[at + 1] = (byte) key.length;
        arena[at + 2] = (byte) (payload.length >>> 8);
        arena[at + 3] = (byte) payload.length;
        System.arraycopy(key, 0, arena, at + HEADER, key.length);
        System.arraycopy(payload, 0, arena, at + HEADER + key.length, payload.length);
        used += length;
        return at;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long found : old) {
            if (found != 0) {
                int slot = (int) (found >>> 32) & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = found;
            }
        }
    }

    private static long slot(int hash, int entry) {
        return ((long) hash << 32) | (entry + 1L);
    }

    private static int entry(long slot) {
        return (int) slot - 1;
    }

    private int keyLength(int at) {
        return ((arena[at] & 0x7f) << 8) | (arena[at + 1] & 0xff);
    }

    private int payloadLength(int at) {
        return ((arena[at + 2] & 0xff) << 8) | (arena[at + 3] & 0xff);
    }

    /** The key's bytes mixed (murmur3's finalizer over a polynomial hash), so sequential ids spread. */
    private static int hash(byte[] key) {
        int h = 1;
        for (byte b : key) {
            h = 31 * h + b;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
