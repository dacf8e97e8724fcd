package io.rivulet.embedded;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code GET /connector-plugins}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PluginInfo(@JsonProperty("class") String className, String type, String version) {
}
