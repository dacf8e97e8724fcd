package io.rivulet.common;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Keys a plugin would silently ignore: typos of its own keys ({@code http.paginaton}) and its keys under a wrong
 * prefix ({@code pagination.type}). A key is the plugin's business when its first segment is the first segment of
 * one of the plugin's keys, or when it shares a word with one of them; Kafka's and Connect's own keys (converters,
 * transforms, errors, client overrides, topic creation...) are left alone. Each comes with the closest known key.
 */
public final class UnknownKeys {
    /** First segments of Connect's connector-level keys, which every connector config may carry. */
    private static final Set<String> CONNECT_PREFIXES = Set.of("name", "connector", "tasks", "key", "value",
            "header", "transforms", "predicates", "errors", "config", "topic", "topics", "exactly", "transaction",
            "offsets", "producer", "consumer", "admin");
    /** Words too common to tie a key to a plugin. */
    private static final Set<String> COMMON_WORDS = Set.of("ms", "max", "min", "type", "enable", "enabled", "size",
            "url", "name", "class", "mode", "format", "timeout");
    /** Keys Connect itself reads from a transform's config. */
    private static final Set<String> TRANSFORM_STAGE_KEYS = Set.of("type", "predicate", "negate");
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private UnknownKeys() {
    }

    /** Adds the unknown keys of {@code props} to a connector's validate() result, each as an error on its key. */
    public static Config report(Config result, ConfigDef def, Map<String, String> props) {
        return CrossChecks.attach(result, check(def, props));
    }

    /**
     * For a transform's configure(), which gets its keys without the {@code transforms.<alias>.} prefix: Connect
     * validates only the keys a transform defines, so an unknown one can only fail here, when the task starts.
     */
    public static void requireNone(String plugin, ConfigDef def, Map<String, ?> props) {
        Map<String, ?> own = new HashMap<>(props);
        TRANSFORM_STAGE_KEYS.forEach(own::remove);
        Map<String, List<String>> errors = check(def, own, Set.of()); // no Connect keys among a transform's
        if (!errors.isEmpty()) {
            throw new ConfigException("Invalid " + plugin + " configuration: " + errors);
        }
    }

    /** Each unknown key of a connector's {@code props} that looks meant for {@code def}, with its error message. */
    public static Map<String, List<String>> check(ConfigDef def, Map<String, ?> props) {
        return check(def, props, CONNECT_PREFIXES);
    }

    private static Map<String, List<String>> check(ConfigDef def, Map<String, ?> props, Set<String> framework) {
        Set<String> known = def.names();
        Set<String> prefixes = new HashSet<>();
        Set<String> words = new HashSet<>();
        for (String key : known) {
            prefixes.add(firstSegment(key));
            Arrays.stream(key.split("\\.")).filter(word -> !COMMON_WORDS.contains(word)).forEach(words::add);
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (String key : props.keySet()) {
            if (known.contains(key) || framework.contains(firstSegment(key))) {
                continue;
            }
            boolean ours = prefixes.contains(firstSegment(key)) && key.contains(".")
                    || Arrays.stream(key.split("\\.")).anyMatch(words::contains)
                    || fewEditsFrom(known, key).isPresent();
            if (ours) {
                CrossChecks.report(errors, key, "'" + key + "' is not a setting of this plugin and would be ignored"
                        + closest(known, key).map(near -> "; did you mean '" + near + "'?").orElse(""));
            }
        }
        return errors;
    }

    /** The known key a few edits away from {@code key} (a typo), if any. */
    private static Optional<String> fewEditsFrom(Set<String> known, String key) {
        return known.stream()
                .min(Comparator.comparingInt((String candidate) -> DISTANCE.apply(candidate, key))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(nearest -> DISTANCE.apply(nearest, key) <= Math.max(2, key.length() / 6));
    }

    /** The known key nearest to {@code key}: a few edits away, or else the first that has one of its words. */
    static Optional<String> closest(Set<String> known, String key) {
        Optional<String> typo = fewEditsFrom(known, key);
        if (typo.isPresent()) {
            return typo;
        }
        String[] words = key.split("\\.");
        for (String word : words) { // a key under a wrong prefix: pagination.type for http.pagination
            Optional<String> holder = known.stream().filter(candidate -> {
                List<String> candidateWords = List.of(candidate.split("\\."));
                // a word after the candidate's prefix: sharing only "http." says nothing
                return candidateWords.indexOf(word) > 0 && !COMMON_WORDS.contains(word);
            }).sorted().findFirst();
            if (holder.isPresent()) {
                return holder;
            }
        }
        return Optional.empty();
    }

    private static String firstSegment(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }
}
