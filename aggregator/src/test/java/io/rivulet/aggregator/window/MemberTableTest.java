package io.rivulet.aggregator.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The table against a map of the same members: random keys (some repeated, some empty), payloads that change size. */
class MemberTableTest {

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
}
