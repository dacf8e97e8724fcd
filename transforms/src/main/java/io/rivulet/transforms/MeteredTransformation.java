package io.rivulet.transforms;

import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

import io.rivulet.common.MBeans;
import io.rivulet.common.PluginVersion;

/**
 * The lifecycle both transforms share: a version from the plugin, counters registered as a JMX bean when configured
 * and unregistered on close, before the transform's own resources are released.
 */
abstract class MeteredTransformation<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    /** The JMX domain of the transforms' metrics. */
    static final String MBEAN_DOMAIN = "io.rivulet.transforms";

    private MBeans.Registration registration;

    /** Registers {@code bean} as {@code io.rivulet.transforms:type=<type>,name=<name>}. */
    protected void registerMetrics(String type, String name, Object bean) {
        registration = MBeans.register(MBEAN_DOMAIN, type, name, bean);
    }

    /** What the transform holds besides its metrics (connections, caches); nothing by default. */
    protected void closeResources() {
    }

    @Override
    public String version() {
        return PluginVersion.of(getClass());
    }

    @Override
    public void close() {
        MBeans.unregister(registration);
        registration = null;
        closeResources();
    }
}
