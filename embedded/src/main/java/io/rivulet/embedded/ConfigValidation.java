package io.rivulet.embedded;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code PUT /connector-plugins/{type}/config/validate}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigValidation(String name, @JsonProperty("error_count") int errorCount, List<String> groups,
                               List<Config> configs) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Config(ConfigKeyInfo definition, Value value) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Value(String name, String value, @JsonProperty("recommended_values") List<String> recommendedValues,
                        List<String> errors, boolean visible) {
    }

    /** The errors per config key, for keys that have any (a key Connect and the plugin both check: both lists). */
    public Map<String, List<String>> errors() {
        return configs.stream().filter(c -> c.value() != null && !c.value().errors().isEmpty())
                .collect(Collectors.toMap(c -> c.value().name(), c -> c.value().errors(),
                        (a, b) -> Stream.concat(a.stream(), b.stream()).toList()));
    }
}
