package io.rivulet.aggregator.window;

import java.util.Arrays;

/**
 * The members (users, orders) of one window in one input partition, each once, with a few bytes each (what the
 * member did): an open-addressing hash table over one byte arena, so a million users take about 25 bytes each on
 * the heap instead of a hundred in a map of strings. Entries are {@code [key length (2)][payload length (2)][key]
 * [payload]}; a payload that grows is written again at the arena's end (rare: a user's second segment).
 */
public final class MemberTable {
    private static final int MAX_KEY = 0xffff;
    private static final int MAX_PAYLOAD = 0xffff;
    private static final int HEADER = 4;

    private byte[] arena = new byte[256];
    private int used;
    /** Entry offset plus one per slot (0: empty), and the key's hash beside it. */
    private int[] offsets = new int[16];
    private int[] hashes = new int[16];
    private int size;

    /** The payload of {@code key}, or null when it is no member. */
    public byte[] get(byte[] key) {
        int slot = find(key, hash(key));
        if (offsets[slot] == 0) {
            return null;
        }
        int at = offsets[slot] - 1;
        int keyLength = keyLength(at);
        return Arrays.copyOfRange(arena, at + HEADER + keyLength, at + HEADER + keyLength + payloadLength(at));
    }

    /** Makes {@code key} a member with {@code payload}; returns false when it was one with that payload already. */
    public boolean put(byte[] key, byte[] payload) {
        if (key.length > MAX_KEY || payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("Member key of " + key.length + " bytes or payload of "
                    + payload.length + " bytes is too long");
        }
        int hash = hash(key);
        int slot = find(key, hash);
        if (offsets[slot] != 0) {
            int at = offsets[slot] - 1;
            int from = at + HEADER + key.length;
            if (Arrays.equals(arena, from, from + payloadLength(at), payload, 0, payload.length)) {
                return false;
            }
            if (payloadLength(at) == payload.length) {
                System.arraycopy(payload, 0, arena, from, payload.length);
                return true;
            }
            offsets[slot] = append(key, payload) + 1;
            return true;
        }
        offsets[slot] = append(key, payload) + 1;
        hashes[slot] = hash;
        if (++size * 10 > offsets.length * 7) {
            grow();
        }
        return true;
    }

    public int size() {
        return size;
    }

    /** Bytes held: the arena in use and the slots. */
    public long bytes() {
        return used + (long) offsets.length * 2 * Integer.BYTES;
    }

    /** What is done with each member. */
    public interface MemberConsumer {
        void accept(byte[] arena, int keyOffset, int keyLength, int payloadOffset, int payloadLength);
    }

    /** Each member, in no particular order, as ranges of the arena (valid only during the call). */
    public void forEach(MemberConsumer action) {
        for (int offset : offsets) {
            if (offset != 0) {
                int at = offset - 1;
                int keyLength = keyLength(at);
                action.accept(arena, at + HEADER, keyLength, at + HEADER + keyLength, payloadLength(at));
            }
        }
    }

    private int find(byte[] key, int hash) {
        int mask = offsets.length - 1;
        int slot = hash & mask;
        while (offsets[slot] != 0) {
            int at = offsets[slot] - 1;
            if (hashes[slot] == hash && keyLength(at) == key.length
                    && Arrays.equals(arena, at + HEADER, at + HEADER + key.length, key, 0, key.length)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private int append(byte[] key, byte[] payload) {
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
        int[] oldOffsets = offsets;
        int[] oldHashes = hashes;
        offsets = new int[oldOffsets.length * 2];
        hashes = new int[oldOffsets.length * 2];
        int mask = offsets.length - 1;
        for (int i = 0; i < oldOffsets.length; i++) {
            if (oldOffsets[i] != 0) {
                int slot = oldHashes[i] & mask;
                while (offsets[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                offsets[slot] = oldOffsets[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }

    private int keyLength(int at) {
        return ((arena[at] & 0xff) << 8) | (arena[at + 1] & 0xff);
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
