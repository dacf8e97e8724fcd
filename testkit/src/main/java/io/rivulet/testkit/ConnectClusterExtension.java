package io.rivulet.testkit;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectRestClient;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PluginInstaller;

/**
 * Gives an integration test class the shared broker and a Connect cluster of its own, with the module's built plugin
 * archives installed on {@code plugin.path} as users install them; the cluster stops after the class.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();
 * ...
 * CONNECT.rest().putConnectorConfig("orders", config);
 * </pre>
 * The cluster is up before the class's own {@code @BeforeAll} methods run.
 */
public final class ConnectClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<ConnectCluster.Builder> settings;
    private Path pluginPath;
    private ConnectCluster cluster;

    private ConnectClusterExtension(UnaryOperator<ConnectCluster.Builder> settings) {
        this.settings = settings;
    }

    /** One in-JVM worker with the archives in {@code target/plugin-zips}. */
    public static ConnectClusterExtension withBuiltPlugins() {
        return new ConnectClusterExtension(UnaryOperator.identity());
    }

    /** The same, with the cluster built further (workers, forked workers, worker properties). */
    public static ConnectClusterExtension withBuiltPlugins(UnaryOperator<ConnectCluster.Builder> settings) {
        return new ConnectClusterExtension(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        pluginPath = PluginInstaller.install(PluginInstaller.builtZips());
        cluster = settings.apply(ConnectCluster.builder(TestServers.kafka()).pluginPath(pluginPath)).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    public KafkaBroker kafka() {
        return TestServers.kafka();
    }

    public ConnectCluster cluster() {
        return cluster;
    }

    public ConnectRestClient rest() {
        return cluster.rest();
    }

    /** Where the archives were installed: each plugin in a folder of its own. */
    public Path pluginPath() {
        return pluginPath;
    }
}
