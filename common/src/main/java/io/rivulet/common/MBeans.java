package io.rivulet.common;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
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
    /** What this class registered, by name: one copy per plugin, as each plugin bundles it. */
    private static final Map<ObjectName, Object> REGISTERED = new HashMap<>();
    private MBeans() {
    }

    /** A registered bean: {@link MBeans#unregister} takes it off JMX unless a newer bean took its name since. */
    public static final class Registration {
        private final ObjectName name;
        private final Object bean;

        private Registration(ObjectName name, Object bean) {
            this.name = name;
            this.bean = bean;
        }

        public ObjectName name() {
            return name;
        }
    }

    /**
     * Registers {@code bean} as {@code <domain>:type=<type>,name=<name>,instance=<n>}, n a number of its own in
     * this JVM; null if JMX refused (metrics are not worth failing a task).
     */
    public static Registration register(String domain, String type, String name, Object bean) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("type", type);
        keys.put("name", name);
        keys.put("instance", Long.toString(INSTANCES.incrementAndGet()));
        return register(domain, keys, bean);
    }

    /**
     * Registers {@code bean} as {@code <domain>:<key>=<value>,...} in {@code keys}' order, for a bean the keys tell
     * apart (a pull task's connector and endpoint); values with characters JMX reserves are quoted. A bean this
     * class registered under the same name before (a task's earlier instance that has not stopped yet) gives way:
     * the newer task's figures are the ones worth showing. Null if JMX refused.
     */
    public static Registration register(String domain, Map<String, String> keys, Object bean) {
        StringBuilder name = new StringBuilder(domain).append(':');
        keys.forEach((key, value) -> name.append(name.charAt(name.length() - 1) == ':' ? "" : ",").append(key)
                .append('=').append(value.matches("[^,=:\"*?\\n]+") ? value : ObjectName.quote(value)));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName objectName = new ObjectName(name.toString());
            synchronized (REGISTERED) {
                if (REGISTERED.containsKey(objectName) && server.isRegistered(objectName)) {
                    log.info("Metrics bean {} of an earlier instance gives way to the new one", objectName);
                    server.unregisterMBean(objectName);
                }
                server.registerMBean(bean, objectName);
                REGISTERED.put(objectName, bean);
            }
            return new Registration(objectName, bean);
        } catch (JMException | RuntimeException e) {
            log.warn("Cannot register metrics bean {} in JMX", name, e);
            return null;
        }
    }

    /** Takes the bean off JMX, unless another bean has taken its name since; nothing for null. */
    public static void unregister(Registration registration) {
        if (registration == null) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (REGISTERED) {
            if (REGISTERED.get(registration.name) != registration.bean) {
                return; // a newer instance's bean
            }
            REGISTERED.remove(registration.name);
            try {
                if (server.isRegistered(registration.name)) {
                    server.unregisterMBean(registration.name);
                }
            } catch (JMException e) {
                log.warn("Cannot unregister {}", registration.name, e);
            }
        }
    }
}
