package io.rivulet.compose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What the deployment tests read out of connector configs the same way, whether the configs come from
 * connect-configs/*.json (compose) or from KafkaConnector resources (Kubernetes): the services they connect to, the
 * plugin classes they name, and the classes a plugin jar provides.
 */
final class ConnectorConfigs {
    private static final Pattern SERVICE_URL = Pattern.compile("^(?:jdbc:)?(?:http|redis|postgresql)://([a-z-]+):(\\d+)");

    /** A service a config connects to: its host name and port. */
    record Service(String host, int port) {
    }

    private ConnectorConfigs() {
    }

    /** The connector configs of the repository, connect-configs/*.json, in name order. */
    static List<Path> files(Path repo) throws IOException {
        return KubernetesManifests.files(repo.resolve("connect-configs"), ".json");
    }

    /**
     * The service {@code value} connects to, if it is such an address. CORS origins are the shop pages' addresses in
     * browsers, not services the worker connects to.
     */
    static Optional<Service> service(String key, String value) {
        Matcher m = SERVICE_URL.matcher(value);
        if (!m.find() || key.endsWith(".cors.allowed.origins")) {
            return Optional.empty();
        }
        return Optional.of(new Service(m.group(1), Integer.parseInt(m.group(2))));
    }

    /**
     * The class of ours the entry names (a connector or a transform, as {@link #classesIn} spells classes: nested
     * with dots, a transform's Value or Key variant as its outer class), if it names one.
     */
    static Optional<String> pluginClass(String key, String value) {
        boolean namesClass = key.equals("connector.class") || key.matches("transforms\\.[^.]+\\.type");
        if (!namesClass || !value.startsWith("io.rivulet.")) {
            return Optional.empty();
        }
        return Optional.of(value.replace('$', '.').replaceAll("\\.(Value|Key)$", ""));
    }

    /** The classes in a jar, with nested classes' '$' as '.'. */
    static Set<String> classesIn(InputStream jar) throws IOException {
        Set<String> classes = new HashSet<>();
        ZipInputStream entries = new ZipInputStream(jar);
        for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
            if (entry.getName().endsWith(".class")) {
                classes.add(entry.getName().substring(0, entry.getName().length() - 6).replace('/', '.')
                        .replace('$', '.'));
            }
        }
        return classes;
    }
}
