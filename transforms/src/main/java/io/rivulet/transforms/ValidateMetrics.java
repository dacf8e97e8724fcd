package io.rivulet.transforms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.rivulet.transforms.rules.Rule;

/** Counters behind {@link ValidateMetricsMXBean}; cheap enough to update per record. */
final class ValidateMetrics implements ValidateMetricsMXBean {
    private final LongAdder valid = new LongAdder();
    private final LongAdder routed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Map<Rule, LongAdder> invalidByRule = new LinkedHashMap<>();

    ValidateMetrics(List<Rule> rules) {
        rules.forEach(rule -> invalidByRule.put(rule, new LongAdder()));
    }

    void valid() {
        valid.increment();
    }

    void invalid(Rule rule, OnInvalid action) {
        invalidByRule.get(rule).increment();
        if (action == OnInvalid.ROUTE) {
            routed.increment();
        } else if (action == OnInvalid.DROP) {
            dropped.increment();
        }
    }

    @Override
    public long getValidRecords() {
        return valid.sum();
    }

    @Override
    public long getInvalidRecords() {
        return invalidByRule.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public Map<String, Long> getInvalidRecordsByRule() {
        Map<String, Long> counts = new LinkedHashMap<>();
        invalidByRule.forEach((rule, count) -> counts.put(rule.text(), count.sum()));
        return counts;
    }

    @Override
    public long getRoutedRecords() {
        return routed.sum();
    }

    @Override
    public long getDroppedRecords() {
        return dropped.sum();
    }
}
