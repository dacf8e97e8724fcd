package io.rivulet.common;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sink that promises exactly-once results must not see records of aborted transactions. A stock Connect worker's
 * sink consumers read with {@code isolation.level=read_uncommitted}, and a connector cannot see the worker's own
 * consumer settings, so the only setting it can be sure of is the override in its own config.
 */
public final class ReadCommittedCheck {
    public static final String KEY = "consumer.override.isolation.level";
    public static final String READ_COMMITTED = "read_committed";

    private ReadCommittedCheck() {
    }

    /** Reports on {@link #KEY} unless the connector config sets it to read_committed. */
    public static void check(Map<String, ?> connectorConfig, Map<String, List<String>> errors) {
        Object value = connectorConfig.get(KEY);
        if (value == null || !READ_COMMITTED.equals(value.toString().trim().toLowerCase(Locale.ROOT))) {
            CrossChecks.report(errors, KEY, KEY + " must be " + READ_COMMITTED + (value == null ? ""
                    : ", not " + value) + ": a worker's sink consumers read uncommitted data unless told otherwise, "
                    + "so records of aborted transactions (an aggregator attempt that crashed) would be written. Set "
                    + KEY + "=" + READ_COMMITTED + " in this connector's config (a worker-level "
                    + "consumer.isolation.level cannot be seen by the connector)");
        }
    }
}
