package io.rivulet.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;

/**
 * Config provider references the worker left unresolved. Connect replaces {@code ${provider:[path:]key}} before a
 * plugin sees its config, but keeps the reference as literal text when it has no such provider, or the provider no
 * such path or key: used as is, it would be a wrong password, token or URL that fails far from the cause.
 */
public final class ConfigPlaceholders {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]+):(?:([^}]*):)?([^}:]*)}");

    private ConfigPlaceholders() {
    }

    /** Each key whose value holds an unresolved reference, with a message naming the provider, path and key. */
    public static Map<String, List<String>> unresolved(Map<String, ?> props) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        props.forEach((key, value) -> {
            Matcher reference = value instanceof String text ? REFERENCE.matcher(text) : null;
            if (reference != null && reference.find()) {
                String provider = reference.group(1);
                String path = reference.group(2);
                CrossChecks.report(errors, key, "'" + key + "' holds '" + reference.group() + "', a config "
                        + "provider reference the worker did not resolve: it has no provider '" + provider
                        + "' (config.providers in the worker config) or found no key '" + reference.group(3) + "'"
                        + (path == null ? "" : " at '" + path + "'"));
            }
        });
        return errors;
    }

    /** Adds the unresolved references to a connector's validate() result, each as an error on its key. */
    public static Config report(Config result, Map<String, String> props) {
        return CrossChecks.attach(result, unresolved(props));
    }

    /** For start() and configure(): fails naming every key with an unresolved reference. */
    public static void requireNone(String plugin, Map<String, ?> props) {
        Map<String, List<String>> errors = unresolved(props);
        if (!errors.isEmpty()) {
            throw new ConfigException("Invalid " + plugin + " configuration: " + errors.values());
        }
    }
}
