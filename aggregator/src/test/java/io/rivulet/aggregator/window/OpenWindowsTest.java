package io.rivulet.aggregator.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rivulet.common.MemberTable;

/** The open windows of one input partition, with the input as the log (merges batched). */
class OpenWindowsTest {
    private static final MemberTable.PayloadMerge FIRST_SEEN = (arena, offset, length) ->
            offset < 0 ? new byte[] {1} : null;

    /**
     * A new window's table starts with room for as many members as the window before it had, so that steady traffic
     * does not grow it (copying it a dozen times a minute); its members and counts are what they would be anyway.
     */
    @Test
    void aNewWindowStartsWithRoomForAsManyMembersAsTheLastOne() {
        OpenWindows windows = windowOf(10_000, "user-");
        List<Integer> closed = new ArrayList<>();
        windows.closeUpTo(0, (start, table) -> closed.add(table.size()));
        assertEquals(List.of(10_000), closed);

        windows.merge(60_000, "user-0".getBytes(StandardCharsets.UTF_8), FIRST_SEEN);
        // Slots for 10,000 members at most 70% full: 16,384 of 8 bytes. Grown from empty, one member takes 16.
        assertTrue(windows.bytes() >= 16_384 * Long.BYTES, windows.bytes() + " bytes for the second window");
        long entries = 0;
        for (int i = 0; i < 10_000; i++) {
            entries += 4 + ("user-" + i).length() + 1; // header, key, payload
            windows.merge(60_000, ("user-" + i).getBytes(StandardCharsets.UTF_8), FIRST_SEEN);
        }
        assertEquals(10_000, windows.members());
        assertEquals(16_384 * Long.BYTES + entries, windows.bytes(), "the slots it started with, no more");
        windows.closeUpTo(60_000, (start, table) -> closed.add(table.size()));
        assertEquals(List.of(10_000, 10_000), closed);

        // A window after a quiet spell starts small again only when the last one was small.
        windows.merge(120_000, "user-0".getBytes(StandardCharsets.UTF_8), FIRST_SEEN);
        assertTrue(windows.bytes() >= 16_384 * Long.BYTES, windows.bytes() + " bytes for the third window");
    }

    /**
     * A closed window's table is cleared and used again for the next window, so a new window allocates no arrays of
     * megabytes; the new window holds its own members only.
     */
    @Test
    void aClosedWindowsTableIsUsedAgainHoldingOnlyTheNewWindowsMembers() {
        OpenWindows windows = windowOf(1_000, "old-");
        List<MemberTable> tables = new ArrayList<>();
        windows.closeUpTo(0, (start, table) -> tables.add(table));
        windows.merge(60_000, "new-1".getBytes(StandardCharsets.UTF_8), FIRST_SEEN);
        windows.merge(60_000, "old-1".getBytes(StandardCharsets.UTF_8), FIRST_SEEN);
        windows.merge(60_000, "new-1".getBytes(StandardCharsets.UTF_8), FIRST_SEEN);
        assertEquals(2, windows.members());
        List<String> members = new ArrayList<>();
        windows.closeUpTo(60_000, (start, table) -> {
            tables.add(table);
            table.forEach((arena, keyOffset, keyLength, payloadOffset, payloadLength) -> members.add(
                    new String(arena, keyOffset, keyLength, StandardCharsets.UTF_8)));
        });
        assertSame(tables.get(0), tables.get(1), "the first window's table, used again");
        assertEquals(List.of("new-1", "old-1"), members);
    }

    /** Open windows whose window at 0 has {@code count} members, {@code prefix} followed by 0, 1, ... */
    private static OpenWindows windowOf(int count, String prefix) {
        OpenWindows windows = OpenWindows.of(OpenWindows.Durability.REPLAY_INPUT, "unused");
        windows.init(null);
        for (int i = 0; i < count; i++) {
            windows.merge(0, (prefix + i).getBytes(StandardCharsets.UTF_8), FIRST_SEEN);
        }
        return windows;
    }
}
