package io.rivulet.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * A connector's validate(): the ConfigDef's checks of single keys first; when those pass, the checks that need
 * several keys, each error reported on its own key, so {@code PUT .../config/validate} shows it by the field.
 */
public final class CrossChecks {
    private CrossChecks() {
    }

    /** Records one cross-key error on its key, for {@link #add} and {@link #requireNone}. */
    public static void report(Map<String, List<String>> errors, String key, String message) {
        errors.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
    }

    /** For a connector's start(): fails with every cross-key error, by key, if there is any. */
    public static void requireNone(String connector, Map<String, List<String>> errors) {
        if (!errors.isEmpty()) {
            throw new ConfigException("Invalid " + connector + " configuration: " + errors);
        }
    }

    /** Adds the cross-key errors to {@code result}, unless a single key already failed. */
    public static Config add(Config result, Supplier<Map<String, List<String>>> crossChecks) {
        result.configValues().forEach(CrossChecks::dropFollowOnErrors);
        if (result.configValues().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
            return result;
        }
        return attach(result, crossChecks.get());
    }

    /** Adds each key's errors to its value in {@code result}, or as a value of its own for a key not listed. */
    public static Config attach(Config result, Map<String, List<String>> errorsByKey) {
        Map<String, List<String>> errors = new LinkedHashMap<>(errorsByKey);
        for (ConfigValue value : result.configValues()) {
            errors.getOrDefault(value.name(), List.of()).forEach(value::addErrorMessage);
            errors.remove(value.name());
        }
        // Keys outside the connector's ConfigDef (e.g. a consumer.override.* key): Connect lists such values too.
        errors.forEach((key, messages) -> result.configValues().add(
                new ConfigValue(key, null, List.of(), new ArrayList<>(messages))));
        return result;
    }

    /**
     * A value that does not parse ({@code batch.size=ten}) reaches the key's validator as null, whose "must be
     * non-null" then reads as if the key were missing: only the parse error is kept.
     */
    private static void dropFollowOnErrors(ConfigValue value) {
        List<String> messages = value.errorMessages();
        if (messages.size() > 1 && messages.stream().anyMatch(m -> !m.startsWith("Invalid value null "))) {
            List<String> kept = messages.stream().filter(m -> !m.startsWith("Invalid value null ")).toList();
            messages.clear();
            messages.addAll(kept);
        }
    }
}
