package io.rivulet.common;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the plugins' metrics beans in the platform MBean server, each plugin under its own domain. Every
 * instance gets its own {@code instance} number, as each task of a connector has its own transform or task. Our own
 * MBeans rather than Kafka's plugin metrics (KIP-877), which would keep the plugins from loading in 4.0 workers.
 */
public final class MBeans {
    private static final Logger log = LoggerFactory.getLogger(MBeans.class);
    private static final AtomicLong INSTANCES = new AtomicLong();
    private MBeans() {
    }

    /** Registers {@code bean}; returns its name, or null if JMX refused (metrics are not worth failing a task). */
    public static ObjectName register(String domain, String type, String name, Object bean) {
        try {
            ObjectName objectName = new ObjectName(domain + ":type=" + type + ",name=" + ObjectName.quote(name)
                    + ",instance=" + INSTANCES.incrementAndGet());
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, objectName);
            return objectName;
        } catch (JMException | RuntimeException e) {
            log.warn("Cannot register {} metrics '{}' in JMX", type, name, e);
            return null;
        }
    }

    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            log.warn("Cannot unregister {}", name, e);
        }
    }
}
