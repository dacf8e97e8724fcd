package io.rivulet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.management.MBeanServer;

import org.junit.jupiter.api.Test;

class MBeansTest {
    public interface CounterMXBean {
        long getCount();
    }

    private record Counter(long count) implements CounterMXBean {
        @Override
        public long getCount() {
            return count;
        }
    }

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    /**
     * A pull task restarted while its earlier instance has not stopped yet: the new instance's bean takes the name,
     * and the earlier instance's late unregister leaves it in place.
     */
    @Test
    void aNewerBeanTakesTheNameAndTheEarlierOnesUnregisterLeavesItAlone() throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("type", "HttpPull");
        keys.put("connector", "orders");
        keys.put("endpoint", "a,b"); // a comma: quoted
        MBeans.Registration earlier = MBeans.register("io.rivulet.test", keys, new Counter(1));
        assertEquals("io.rivulet.test:type=HttpPull,connector=orders,endpoint=\"a,b\"",
                earlier.name().toString());
        MBeans.Registration newer = MBeans.register("io.rivulet.test", keys, new Counter(2));
        assertEquals(2L, jmx.getAttribute(newer.name(), "Count"));
        MBeans.unregister(earlier);
        assertEquals(2L, jmx.getAttribute(newer.name(), "Count"), "still the newer bean");
        MBeans.unregister(newer);
        assertFalse(jmx.isRegistered(newer.name()));
        MBeans.unregister(null);
    }
}
