package io.rivulet.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plugin's version, as the build wrote it into {@code version.properties} beside the plugin's classes (Maven
 * resource filtering), so that {@code version()} never carries a literal.
 */
public final class PluginVersion {
    private static final Map<Package, String> VERSIONS = new ConcurrentHashMap<>();

    private PluginVersion() {
    }

    /** The version in {@code version.properties} of {@code pluginClass}'s package, or "unknown". */
    public static String of(Class<?> pluginClass) {
        return VERSIONS.computeIfAbsent(pluginClass.getPackage(), p -> load(pluginClass));
    }

    private static String load(Class<?> anchor) {
        try (InputStream in = anchor.getResourceAsStream("version.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
