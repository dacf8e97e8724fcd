package io.rivulet.connect.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import org.apache.kafka.common.config.ConfigException;

import io.rivulet.connect.jdbc.JdbcSinkConfig;
import io.rivulet.connect.jdbc.WriteMethod;

/** Finds the dialect for a connection.url among the providers on the plugin's class path. */
public final class DatabaseDialects {
    private DatabaseDialects() {
    }

    /** The provider for {@code jdbcUrl}, if one supports it. */
    public static Optional<DatabaseDialectProvider> providerFor(String jdbcUrl) {
        return providers().stream().filter(p -> p.supports(jdbcUrl)).findFirst();
    }

    /** The dialect for {@code jdbcUrl}, or a ConfigException on connection.url naming the databases supported. */
    public static DatabaseDialect forUrl(String jdbcUrl, WriteMethod writeMethod) {
        return providerFor(jdbcUrl).map(p -> p.create(writeMethod)).orElseThrow(() -> new ConfigException(
                JdbcSinkConfig.CONNECTION_URL_CONFIG + ": " + unsupported(jdbcUrl)));
    }

    /** Why {@code jdbcUrl} is refused (credentials in it masked): the databases this plugin has dialects for. */
    public static String unsupported(String jdbcUrl) {
        return "no dialect for " + String.valueOf(jdbcUrl).replaceAll("//[^@/]*@", "//***@") + "; supported: "
                + providers().stream().map(DatabaseDialectProvider::name).toList();
    }

    private static List<DatabaseDialectProvider> providers() {
        // The plugin's own class loader: under Connect's plugin isolation the thread's may be the worker's.
        List<DatabaseDialectProvider> found = new ArrayList<>();
        ServiceLoader.load(DatabaseDialectProvider.class, DatabaseDialectProvider.class.getClassLoader())
                .forEach(found::add);
        return found;
    }
}
