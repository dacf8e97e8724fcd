package io.rivulet.common;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * Registers {@code bean} as {@code <domain>:type=<type>,name=<name>,instance=<n>}, n a number of its own in
     * this JVM; returns its name, or null if JMX refused (metrics are not worth failing a task).
     */
    public static ObjectName register(String domain, String type, String name, Object bean) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("type", type);
        keys.put("name", name);
        keys.put("instance", Long.toString(INSTANCES.incrementAndGet()));
        return register(domain, keys, bean);
    }

    /**
     * Registers {@code bean} as {@code <domain>:<key>=<value>,...} in {@code keys}' order, for a bean the keys tell
     * apart (a listener's connector and port); values with characters JMX reserves are quoted. Null if JMX refused.
     */
    public static ObjectName register(String domain, Map<String, String> keys, Object bean) {
        StringBuilder name = new StringBuilder(domain).append(':');
        keys.forEach((key, value) -> name.append(name.charAt(name.length() - 1) == ':' ? "" : ",").append(key)
                .append('=').append(value.matches("[^,=:\"*?\\n]+") ? value : ObjectName.quote(value)));
        try {
            ObjectName objectName = new ObjectName(name.toString());
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, objectName);
            return objectName;
        } catch (JMException | RuntimeException e) {
            log.warn("Cannot register metrics bean {} in JMX", name, e);
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
