package io.rivulet.build;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/** Renders a plugin's ConfigDef as a Markdown reference, grouped as the worker's REST API groups it. */
final class ConfigReference {
    private ConfigReference() {
    }

    static String markdown(String title, String overview, ConfigDef config) {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        if (overview != null && !overview.isBlank()) {
            out.append(overview.replaceAll("</?code>", "`")).append("\n\n");
        }
        List<ConfigKey> keys = new ArrayList<>(config.configKeys().values());
        keys.sort(Comparator.comparing((ConfigKey k) -> k.group == null ? "" : k.group)
                .thenComparingInt(k -> k.orderInGroup));
        String group = null;
        for (ConfigKey key : keys) {
            String keyGroup = key.group == null ? "General" : key.group;
            if (!keyGroup.equals(group)) {
                group = keyGroup;
                out.append("## ").append(group).append("\n\n")
                        .append("| Key | Type | Default | Valid values | Importance | Description |\n")
                        .append("|---|---|---|---|---|---|\n");
            }
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                    .append(" | ").append(defaultOf(key)).append(" | ")
                    .append(cell(key.validator == null ? "" : key.validator.toString())).append(" | ")
                    .append(key.importance.name().toLowerCase()).append(" | ")
                    .append(cell(key.documentation)).append(" |\n");
        }
        return out.toString();
    }

    private static String defaultOf(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return "[hidden]";
        }
        Object value = key.defaultValue;
        if (value instanceof List) {
            value = String.join(",", ((List<?>) value).stream().map(String::valueOf).toArray(String[]::new));
        }
        String text = value == null ? "null" : value.toString();
        return text.isEmpty() ? "\"\"" : "`" + cell(text) + "`";
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    static String fileName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '-') + ".md";
    }

    static String index(String title, Map<String, String> docs) {
        StringBuilder out = new StringBuilder("# ").append(title).append(": configuration reference\n\n");
        docs.forEach((className, file) -> out.append("- [`").append(className).append("`](").append(file)
                .append(")\n"));
        return out.toString();
    }
}
