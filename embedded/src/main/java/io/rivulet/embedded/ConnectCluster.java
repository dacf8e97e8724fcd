package io.rivulet.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real distributed Connect workers in one group, in this JVM, on a {@link KafkaBroker}. Plugins load from
 * {@code plugin.path} directories through Connect's isolated class loaders, exactly as on a user's worker.
 */
public final class ConnectCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectCluster.class);
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final KafkaBroker broker;
    private final Map<String, String> workerProps;
    private final List<Worker> workers = new ArrayList<>();
    private boolean closed;

    /** The JVM options of each worker's child JVM, or null when workers run in this JVM. */
    private final List<String> forkedJvmOptions;

    private ConnectCluster(KafkaBroker broker, Map<String, String> workerProps, List<String> forkedJvmOptions) {
        this.broker = broker;
        this.workerProps = workerProps;
        this.forkedJvmOptions = forkedJvmOptions;
    }

    public static Builder builder(KafkaBroker broker) {
        return new Builder(broker);
    }

    /** A worker of the group: in this JVM, or a child JVM that a test can kill. */
    public abstract static class Worker {
        private final URI url;
        private volatile boolean running = true;

        Worker(URI url) {
            this.url = url;
        }

        public URI url() {
            return url;
        }

        public boolean isRunning() {
            return running;
        }

        /** Stops the worker cleanly: tasks stop and commit their offsets. */
        public final void stop() {
            if (running) {
                running = false;
                stopWorker();
            }
        }

        /** Ends the worker without any shutdown (SIGKILL); only forked workers can. */
        public void kill() {
            throw new UnsupportedOperationException("Only a forked worker can be killed; use forkedWorkers(true)");
        }

        void markKilled() {
            running = false;
        }

        abstract void stopWorker();
    }

    private static final class InJvmWorker extends Worker {
        private final Connect<?> connect;

        InJvmWorker(Connect<?> connect) {
            super(connect.rest().advertisedUrl());
            this.connect = connect;
        }

        @Override
        void stopWorker() {
            connect.stop();
            connect.awaitStop();
        }
    }

    /** Adds one more worker to the group and waits until it has joined. */
    public synchronized Worker addWorker() {
        long started = System.nanoTime();
        boolean forked = forkedJvmOptions != null;
        Worker worker = forked ? ForkedWorker.start(workerProps, forkedJvmOptions) : new InJvmWorker(
                new ConnectDistributed().startConnect(new HashMap<>(workerProps)));
        URI url = worker.url();
        workers.add(worker);
        ConnectRestClient rest = new ConnectRestClient(url);
        try {
            Waits.until("Connect worker " + url + " to join its group", READY_TIMEOUT, rest::isReady);
        } catch (AssertionError e) {
            throw new ServerStartException("Connect worker", url.getPort(), forked
                    ? ((ForkedWorker) worker).logFile() : WorkDirs.root().resolve("servers.log"), e.getMessage(), e);
        }
        log.info("Connect worker {} up in {} ms ({}group {}, plugin.path {})", url,
                (System.nanoTime() - started) / 1_000_000, forked ? "child JVM, " : "", workerProps.get("group.id"),
                workerProps.get("plugin.path"));
        return worker;
    }

    /** Stops worker {@code index} cleanly; its tasks move to the others after Connect's rebalance delay. */
    public synchronized void stopWorker(int index) {
        workers.get(index).stop();
    }

    /** Kills worker {@code index} with SIGKILL, as a crash would: no task stops, no offset commit. */
    public synchronized void killWorker(int index) {
        workers.get(index).kill();
    }

    public synchronized List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** A REST client for the first running worker; any worker forwards to the leader as needed. */
    public synchronized ConnectRestClient rest() {
        return workers.stream().filter(Worker::isRunning).findFirst()
                .map(w -> new ConnectRestClient(w.url()))
                .orElseThrow(() -> new IllegalStateException("No Connect worker is running"));
    }

    public KafkaBroker broker() {
        return broker;
    }

    public String groupId() {
        return workerProps.get("group.id");
    }

    public String offsetsTopic() {
        return workerProps.get("offset.storage.topic");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Worker worker : workers) {
            try {
                worker.stop();
            } catch (RuntimeException e) {
                log.warn("Stopping Connect worker {} failed", worker.url(), e);
            }
        }
        broker.forget(this);
        log.info("Connect cluster {} stopped", groupId());
    }

    @Override
    public String toString() {
        return "ConnectCluster[" + groupId() + "]";
    }

    public static final class Builder {
        private final KafkaBroker broker;
        private final List<Path> pluginPath = new ArrayList<>();
        private final Map<String, String> overrides = new HashMap<>();
        private int workers = 1;
        private boolean exactlyOnceSource;
        private List<String> forkedJvmOptions;
        private Map<String, Object> clientSecurity;
        private String groupId;

        private Builder(KafkaBroker broker) {
            this.broker = broker;
        }

        public Builder workers(int count) {
            this.workers = count;
            return this;
        }

        /** A directory holding plugin directories or plugin jars, as in a worker's {@code plugin.path}. */
        public Builder pluginPath(Path... dirs) {
            pluginPath.addAll(List.of(dirs));
            return this;
        }

        /**
         * Runs each worker in a child JVM (same class path, same settings) so that a test can kill it with SIGKILL;
         * in-JVM workers (the default) start faster.
         */
        public Builder forkedWorkers(boolean forked) {
            this.forkedJvmOptions = forked ? ForkedWorker.TEST_JVM_OPTIONS : null;
            return this;
        }

        /** Runs each worker in a child JVM with {@code jvmOptions} (heap, GC) instead of the tests' small heap. */
        public Builder forkedWorkers(List<String> jvmOptions) {
            this.forkedJvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        public Builder exactlyOnceSourceSupport(boolean enabled) {
            this.exactlyOnceSource = enabled;
            return this;
        }

        /**
         * The security settings of every client of the workers (their group, internal topics, and the producers,
         * consumers and admin clients of tasks unless a connector overrides them), e.g. a worker principal's from
         * {@link BrokerSecurity#clientSettings}; by default the broker's own clients' settings (none when it is not
         * secured, its super user when it is).
         */
        public Builder clientSecurity(Map<String, Object> settings) {
            this.clientSecurity = Map.copyOf(settings);
            return this;
        }

        /**
         * The workers' {@code group.id}, which also begins their internal topics' names ({@code <group>-configs},
         * {@code -offsets}, {@code -status}): known before the start, for ACLs. By default a fresh one.
         */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** Any worker setting, e.g. converters or {@code scheduled.rebalance.max.delay.ms}. */
        public Builder workerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public ConnectCluster start() {
            String group = groupId != null ? groupId
                    : "rivulet-connect-" + CLUSTERS.incrementAndGet() + "-" + ProcessHandle.current().pid();
            Map<String, String> props = new HashMap<>();
            props.put("bootstrap.servers", broker.bootstrapServers());
            props.put("group.id", group);
            props.put("config.storage.topic", group + "-configs");
            props.put("offset.storage.topic", group + "-offsets");
            props.put("status.storage.topic", group + "-status");
            props.put("config.storage.replication.factor", "1");
            props.put("offset.storage.replication.factor", "1");
            props.put("status.storage.replication.factor", "1");
            props.put("offset.storage.partitions", "5");
            props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
            props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            props.put("offset.flush.interval.ms", "500");
            props.put("listeners", "http://localhost:0");
            props.put("rest.advertised.host.name", "localhost");
            props.put("plugin.discovery", "service_load");
            props.put("plugin.path", pluginPath.stream().map(p -> p.toAbsolutePath().toString())
                    .collect(Collectors.joining(",")));
            props.put("exactly.once.source.support", exactlyOnceSource ? "enabled" : "disabled");
            props.put("connector.client.config.override.policy", "All");
            props.put("config.providers", "file,env");
            props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
            props.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
            Map<String, Object> security = clientSecurity != null ? clientSecurity : broker.clientSettings();
            security.forEach((key, value) -> {
                for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
                    props.put(prefix + key, String.valueOf(value));
                }
            });
            props.putAll(overrides);

            ConnectCluster cluster = new ConnectCluster(broker, props, forkedJvmOptions);
            broker.closeBeforeBroker(cluster);
            try {
                for (int i = 0; i < workers; i++) {
                    cluster.addWorker();
                }
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        }
    }
}
