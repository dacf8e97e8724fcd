package io.rivulet.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The table against a map of the same members: random keys (some repeated, some empty), payloads that change size. */
class MemberTableTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void mergesAsTheChangeSays(long seed) {
        Random random = new Random(seed);
        MemberTable table = new MemberTable();
        Map<String, byte[]> model = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String key = "user-" + random.nextInt(10_000);
            byte[] appended = {(byte) random.nextInt(4)};
            byte[] before = model.get(key);
            // Append the byte unless the payload already ends with it: payloads grow, entries move.
            boolean change = before == null || before[before.length - 1] != appended[0];
            boolean changed = table.merge(key.getBytes(StandardCharsets.UTF_8), (arena, offset, length) -> {
                assertEquals(before == null, offset < 0, key);
                if (offset >= 0 && arena[offset + length - 1] == appended[0]) {
                    return null;
                }
                byte[] after = offset < 0 ? new byte[1] : Arrays.copyOfRange(arena, offset, offset + length + 1);
                after[after.length - 1] = appended[0];
                return after;
            });
            assertEquals(change, changed, key);
            if (change) {
                byte[] after = before == null ? new byte[1] : Arrays.copyOf(before, before.length + 1);
                after[after.length - 1] = appended[0];
                model.put(key, after);
            }
        }
        assertEquals(model.size(), table.size());
        Map<String, byte[]> listed = new HashMap<>();
        table.forEach((arena, keyOffset, keyLength, payloadOffset, payloadLength) -> {
            String key = new String(arena, keyOffset, keyLength, StandardCharsets.UTF_8);
            assertNull(listed.put(key, Arrays.copyOfRange(arena, payloadOffset, payloadOffset + payloadLength)),
                    "listed twice: " + key);
        });
        assertEquals(model.keySet(), listed.keySet());
        model.forEach((key, payload) -> assertArrayEquals(payload, listed.get(key), key));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void holdsWhatAMapHolds(long seed) {
        Random random = new Random(seed);
        MemberTable table = new MemberTable();
        Map<String, byte[]> model = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String key = random.nextInt(20) == 0 ? "" : "user-" + random.nextInt(20_000) + "-\u00e9";
            byte[] payload = new byte[random.nextInt(4)];
            random.nextBytes(payload);
            byte[] before = model.put(key, payload);
            boolean changed = table.put(key.getBytes(StandardCharsets.UTF_8), payload);
            assertEquals(before == null || !Arrays.equals(before, payload), changed, key);
        }
        assertEquals(model.size(), table.size());
        model.forEach((key, payload) -> assertArrayEquals(payload, table.get(key.getBytes(StandardCharsets.UTF_8)),
                key));
        assertNull(table.get("nobody".getBytes(StandardCharsets.UTF_8)));
        Map<String, byte[]> listed = new HashMap<>();
        table.forEach((arena, keyOffset, keyLength, payloadOffset, payloadLength) -> listed.put(
                new String(arena, keyOffset, keyLength, StandardCharsets.UTF_8),
                Arrays.copyOfRange(arena, payloadOffset, payloadOffset + payloadLength)));
        assertEquals(model.keySet(), listed.keySet());
        model.forEach((key, payload) -> assertArrayEquals(payload, listed.get(key), key));
        assertTrue(table.bytes() < 60L * model.size(), table.bytes() + " bytes for " + model.size() + " members");
    }

    /**
     * Merges in batches, over several tables, leave each table as the same merges one after another do, and tell
     * each change what it told them: whether the key was a member and its payload then. A change that throws
     * changes nothing and is reported; the rest of its batch is applied all the same.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aBatchMergesAsOneMergeAfterAnother(long seed) {
        Random random = new Random(seed);
        MemberTable[] batched = {new MemberTable(), new MemberTable(), new MemberTable()};
        MemberTable[] sequential = {new MemberTable(), new MemberTable(), new MemberTable()};
        MemberTable.Batch batch = new MemberTable.Batch(64);
        List<String> seenBatched = new ArrayList<>();
        List<String> seenSequential = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int thrown = 0;
        for (int i = 0; i < 60_000; i++) {
            int table = random.nextInt(3);
            String key = "user-" + random.nextInt(8_000);
            byte appended = (byte) random.nextInt(4);
            boolean throwing = random.nextInt(500) == 0;
            thrown += throwing ? 1 : 0;
            sequentialMerge(sequential[table], key, appended, throwing, seenSequential);
            boolean full = batch.add(batched[table], key.getBytes(StandardCharsets.UTF_8),
                    change(key, appended, throwing, seenBatched));
            if (full || random.nextInt(100) == 0) { // full, or applied early (a window closes)
                batch.apply((member, e) -> failed.add(new String(member, StandardCharsets.UTF_8)));
            }
        }
        batch.apply((member, e) -> failed.add(new String(member, StandardCharsets.UTF_8)));
        assertEquals(seenSequential, seenBatched);
        assertEquals(thrown, failed.size());
        for (int t = 0; t < 3; t++) {
            assertEquals(members(sequential[t]).keySet(), members(batched[t]).keySet(), "table " + t);
            Map<String, byte[]> expected = members(sequential[t]);
            Map<String, byte[]> actual = members(batched[t]);
            expected.forEach((key, payload) -> assertArrayEquals(payload, actual.get(key), key));
        }
        assertThrows(IllegalArgumentException.class, () -> batch.add(batched[0], new byte[MemberTable.MAX_KEY + 1],
                (arena, offset, length) -> new byte[1]), "a key too long is refused when added");
        assertTrue(batch.isEmpty());
    }

    private static void sequentialMerge(MemberTable table, String key, byte appended, boolean throwing,
                                        List<String> seen) {
        try {
            table.merge(key.getBytes(StandardCharsets.UTF_8), change(key, appended, throwing, seen));
        } catch (IllegalStateException e) {
            // the batch reports it instead
        }
    }

    /** Appends the byte unless the payload ends with it; records what it saw; or throws. */
    private static MemberTable.PayloadMerge change(String key, byte appended, boolean throwing, List<String> seen) {
        return (arena, offset, length) -> {
            seen.add(key + (offset < 0 ? ": new" : ": " + Arrays.toString(Arrays.copyOfRange(arena, offset,
                    offset + length))));
            if (throwing) {
                throw new IllegalStateException("refused");
            }
            if (offset >= 0 && arena[offset + length - 1] == appended) {
                return null;
            }
            byte[] after = offset < 0 ? new byte[1] : Arrays.copyOfRange(arena, offset, offset + length + 1);
            after[after.length - 1] = appended;
            return after;
        };
    }

    private static Map<String, byte[]> members(MemberTable table) {
        Map<String, byte[]> members = new HashMap<>();
        table.forEach((arena, keyOffset, keyLength, payloadOffset, payloadLength) -> members.put(
                new String(arena, keyOffset, keyLength, StandardCharsets.UTF_8),
                Arrays.copyOfRange(arena, payloadOffset, payloadOffset + payloadLength)));
        return members;
    }

    @org.junit.jupiter.api.Test
    void aPayloadTooLongLeavesTheMemberAsItWas() {
        MemberTable table = new MemberTable();
        byte[] key = "user-1".getBytes(StandardCharsets.UTF_8);
        table.put(key, new byte[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> table.put(key, new byte[0x10000]));
        assertArrayEquals(new byte[] {1, 2}, table.get(key));
        assertEquals(1, members(table).size(), "still listed");
        assertArrayEquals(new byte[] {1, 2}, members(table).get("user-1"));
    }

    @org.junit.jupiter.api.Test
    void aTableSizedLikeAnotherHoldsAsManyWithoutGrowing() {
        MemberTable first = new MemberTable();
        for (int i = 0; i < 10_000; i++) {
            first.put(("id-" + i).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) i});
        }
        MemberTable next = new MemberTable(first);
        // Each entry: a 4-byte header, its key and a 1-byte payload.
        assertEquals(first.bytes() - 10_000 * (4 + 1) - keyBytes(10_000), next.bytes(),
                "as many slots, nothing used yet");
        for (int i = 0; i < 10_000; i++) {
            next.put(("id-" + i).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) (i + 1)});
        }
        assertEquals(first.bytes(), next.bytes());
        for (int i = 0; i < 10_000; i++) {
            assertArrayEquals(new byte[] {(byte) (i + 1)}, next.get(("id-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        assertNull(next.get("id-10000".getBytes(StandardCharsets.UTF_8)));
    }

    @org.junit.jupiter.api.Test
    void aClearedTableKeepsItsSlotsAndHoldsOnlyWhatIsPutAfter() {
        MemberTable table = new MemberTable();
        for (int i = 0; i < 10_000; i++) {
            table.put(("id-" + i).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) i});
        }
        long slotBytes = table.bytes() - 10_000 * (4 + 1) - keyBytes(10_000);
        table.clear();
        assertEquals(0, table.size());
        assertEquals(slotBytes, table.bytes(), "its slots kept, no entry used");
        assertNull(table.get("id-1".getBytes(StandardCharsets.UTF_8)));
        assertTrue(table.put("id-1".getBytes(StandardCharsets.UTF_8), new byte[] {7}), "a member again");
        table.put("new".getBytes(StandardCharsets.UTF_8), new byte[] {8});
        Map<String, byte[]> members = members(table);
        assertEquals(Set.of("id-1", "new"), members.keySet());
        assertArrayEquals(new byte[] {7}, members.get("id-1"));
        assertArrayEquals(new byte[] {8}, members.get("new"));
    }

    private static long keyBytes(int count) {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += ("id-" + i).length();
        }
        return bytes;
    }
}
