package io.rivulet.transforms;

import java.util.Map;

/** What one {@link Validate} instance has seen, in JMX. */
public interface ValidateMetricsMXBean {
    long getValidRecords();

    long getInvalidRecords();

    /** Invalid records per rule, keyed by the rule as written (a record counts for the first rule it breaks). */
    Map<String, Long> getInvalidRecordsByRule();

    long getRoutedRecords();

    long getDroppedRecords();
}
