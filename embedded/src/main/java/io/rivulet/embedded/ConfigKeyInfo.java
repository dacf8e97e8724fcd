package io.rivulet.embedded;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One config key as {@code GET /connector-plugins/{type}/config} and validation describe it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigKeyInfo(String name, String type, boolean required,
                            @JsonProperty("default_value") String defaultValue, String importance,
                            String documentation, String group, @JsonProperty("order_in_group") int orderInGroup,
                            String width, @JsonProperty("display_name") String displayName,
                            List<String> dependents) {
}
