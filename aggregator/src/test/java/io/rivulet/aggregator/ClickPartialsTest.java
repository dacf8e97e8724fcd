package io.rivulet.aggregator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.rivulet.aggregator.event.ClickEvent;
import io.rivulet.aggregator.window.OpenWindows;

/**
 * One partition's distinct users against sets of the same clicks: repeated clicks, users who change segment, few
 * segments and many (counted by their bytes, then by hash), windows closed in turn.
 */
class ClickPartialsTest {
    private static final List<String> ACTIONS = List.of("page_view", "add_to_cart", "checkout", "purchase", "click");

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 9, 40})
    void countsEachUserOncePerWindowAndSegment(int segmentCount) {
        Random random = new Random(segmentCount);
        ClickPartials partials = new ClickPartials(OpenWindows.Durability.REPLAY_INPUT);
        partials.init(null);
        Map<Long, Set<String>> users = new TreeMap<>();
        Map<Long, Map<String, Set<String>>> bySegment = new TreeMap<>();
        Map<Long, List<Set<String>>> byStage = new TreeMap<>();
        for (int i = 0; i < 30_000; i++) {
            long window = 60_000L * random.nextInt(3);
            String user = "u-" + random.nextInt(5_000);
            String action = ACTIONS.get(random.nextInt(ACTIONS.size()));
            String segment = random.nextInt(10) == 0 ? null : "seg-\u00e9-" + random.nextInt(segmentCount);
            partials.add(new ClickEvent("e-" + i, user, action, window, segment), window);
            users.computeIfAbsent(window, w -> new HashSet<>()).add(user);
            if (segment != null) {
                bySegment.computeIfAbsent(window, w -> new HashMap<>()).computeIfAbsent(segment,
                        s -> new HashSet<>()).add(user);
            }
            List<Set<String>> stages = byStage.computeIfAbsent(window, w -> {
                List<Set<String>> sets = new ArrayList<>();
                ClicksProcessor.STAGES.forEach(stage -> sets.add(new HashSet<>()));
                return sets;
            });
            int stage = ClicksProcessor.STAGES.indexOf(action);
            if (stage >= 0) {
                stages.get(stage).add(user);
            }
        }
        List<ClickCounts> closed = new ArrayList<>();
        partials.close(60_000L, closed::add);
        partials.close(120_000L, closed::add);
        assertEquals(3, closed.size());
        for (ClickCounts counts : closed) {
            long window = counts.windowStart();
            assertEquals(users.get(window).size(), counts.users(), "window " + window);
            Map<String, Long> expected = new TreeMap<>();
            bySegment.get(window).forEach((segment, members) -> expected.put(segment, (long) members.size()));
            assertEquals(expected, counts.bySegment(), "window " + window);
            assertArrayEquals(byStage.get(window).stream().mapToLong(Set::size).toArray(), counts.byStage(),
                    "window " + window);
        }
        assertEquals(0, partials.members());
    }
}
