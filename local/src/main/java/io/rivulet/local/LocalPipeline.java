package io.rivulet.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.aggregator.AggregatorApp;
import io.rivulet.aggregator.AggregatorConfig;
import io.rivulet.embedded.BrokerSecurity;
import io.rivulet.embedded.ChildJvm;
import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.ConnectRestClient;
import io.rivulet.embedded.DruidCluster;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.Ports;
import io.rivulet.embedded.PostgresDatabase;
import io.rivulet.embedded.PostgresServer;
import io.rivulet.embedded.RedisServer;
import io.rivulet.embedded.SchemaRegistryServer;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.schemas.Topics;
import io.rivulet.simulator.Simulator;
import io.rivulet.simulator.SimulatorOptions;

/**
 * The whole pipeline on this machine, each piece real: a KRaft broker and a Connect worker in this JVM (plugins
 * installed from their archives), Redis and PostgreSQL as child processes, optionally Druid, the aggregator (Kafka
 * Streams, exactly-once) and the shop simulator. Steps can be taken one by one (tests deploy with the curl scripts)
 * or all at once; {@link #close()} stops everything that was started, in reverse order.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalPipeline.class);
    public static final String SHOP_TOKEN = "local-shop-token";
    /** The connectors of connect-configs/ the local pipeline runs (the Druid sink only with Druid). */
    public static final List<String> CONNECTORS = List.of("orders-http-source", "clicks-http-listener",
            "analytics-jdbc-sink");
    public static final String DRUID_SINK = "analytics-druid-sink";
    public static final String AGGREGATOR_ID = "rivulet-aggregator-local";

    /** What to run and how. */
    public record Options(Duration window, Duration grace, int rate, long seed, Duration duration, boolean withDruid,
                          Path configDir, Path pluginZips, int partitions) {
    }

    private final Options options;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** The principals on a secured broker, else null. */
    private PipelinePrincipals principals;
    private final Path work;
    private KafkaBroker kafka;
    private RedisServer redis;
    private PostgresServer postgres;
    private PostgresDatabase database;
    private DruidCluster druid;
    private SchemaRegistryServer registry;
    private ConnectCluster connect;
    private AggregatorApp aggregator;
    private Simulator simulator;
    private final int ordersPort = Ports.free();
    private final int listenerPort = Ports.free();

    public LocalPipeline(Options options) {
        this.options = options;
        this.work = WorkDirs.root();
    }

    /**
     * How the services run: one Connect worker in this JVM and stores that forget on a restart for the local run;
     * several killable workers and stores that survive a restart for a test that crashes things. With {@code avro},
     * records are Avro through a schema registry (Apicurio's converter in the Confluent wire format, which must be
     * on the plugin path and, for the aggregator, the class path) instead of JSON with schemas.
     */
    public record Cluster(int workers, boolean forkedWorkers, boolean durableStores, boolean avro,
                          Map<String, String> workerProperties, boolean forkedBroker, List<String> workerJvmOptions,
                          boolean secured, List<String> brokerJvmOptions) {
        public static final Cluster LOCAL = new Cluster(1, false, false, false, Map.of());

        /** The broker in this JVM; forked workers with the tests' JVM options. */
        public Cluster(int workers, boolean forkedWorkers, boolean durableStores, boolean avro,
                       Map<String, String> workerProperties) {
            this(workers, forkedWorkers, durableStores, avro, workerProperties, false, List.of(), false, List.of());
        }

        /**
         * The broker and one worker in child JVMs, each with the JMX exporter agent of {@code monitoring} (the
         * aggregator gets its own from {@link #startAggregatorProcess}); as the compose stack exposes metrics.
         */
        public static Cluster monitored(LocalMonitoring monitoring) {
            return new Cluster(1, true, false, false, Map.of(), true,
                    monitoring.smallJvmWithAgent(LocalMonitoring.Role.CONNECT), false,
                    List.of(monitoring.agentOption(LocalMonitoring.Role.KAFKA)));
        }

        /**
         * On a secured broker (SASL_SSL, SCRAM, ACLs required): the workers, each connector and the aggregator as
         * their own principals with only their ACLs ({@link PipelinePrincipals}).
         */
        public static Cluster secured(int workers) {
            return new Cluster(workers, false, false, false, Map.of(), false, List.of(), true, List.of());
        }

        /**
         * Each process apart, as on a bigger machine: the broker and {@code workers} workers in child JVMs, the
         * workers with {@code workerJvmOptions}; stores that forget on a restart, JSON records.
         */
        public static Cluster processes(int workers, List<String> workerJvmOptions) {
            return new Cluster(workers, true, false, false, Map.of(), true, workerJvmOptions, false, List.of());
        }
    }

    /** Broker, Redis, PostgreSQL (database {@code analytics}), Druid if asked, and the Connect worker. */
    public LocalPipeline startServices() {
        return startServices(Cluster.LOCAL);
    }

    /** As {@link #startServices()}, with the workers and stores of {@code cluster}. */
    public LocalPipeline startServices(Cluster cluster) {
        kafka = remember(cluster.secured() ? KafkaBroker.startSecured()
                : cluster.forkedBroker() ? KafkaBroker.startInChildJvm(Map.of(), jvmOptions("-Xmx1g",
                        cluster.brokerJvmOptions()))
                : KafkaBroker.start());
        for (String topic : List.of(Topics.ORDERS_CREATED, Topics.CLICKSTREAM_EVENTS)) {
            kafka.createTopic(topic, options.partitions());
            kafka.createTopic(topic + Topics.INVALID_SUFFIX, 1);
        }
        kafka.createTopic("analytics.jdbc-sink.dlq", 1); // the JDBC sink config's dead letter queue
        redis = remember(cluster.durableStores() ? RedisServer.startDurable() : RedisServer.start());
        postgres = remember(PostgresServer.start(cluster.durableStores()));
        if (cluster.avro()) {
            registry = remember(cluster.durableStores() ? SchemaRegistryServer.startDurable()
                    : SchemaRegistryServer.start());
        }
        database = postgres.createDatabase("analytics");
        if (options.withDruid()) {
            druid = remember(DruidCluster.start());
        }
        ConnectCluster.Builder builder = ConnectCluster.builder(kafka).pluginPath(PluginInstaller.install(
                options.pluginZips())).exactlyOnceSourceSupport(true).workers(cluster.workers())
                .forkedWorkers(cluster.forkedWorkers());
        if (cluster.forkedWorkers() && !cluster.workerJvmOptions().isEmpty()) {
            builder.forkedWorkers(cluster.workerJvmOptions());
        }
        cluster.workerProperties().forEach(builder::workerProperty);
        if (cluster.secured()) {
            List<String> connectors = new ArrayList<>(CONNECTORS);
            if (options.withDruid()) {
                connectors.add(DRUID_SINK);
            }
            principals = PipelinePrincipals.of(options.configDir(), connectors, PipelinePrincipals.CONNECT_GROUP,
                    PipelinePrincipals.CONNECT_GROUP + "-", AGGREGATOR_ID);
            principals.createIn(kafka);
            // An administrator's job on a secured cluster, as KafkaTopic resources are: no principal may create them,
            // and a sink consumer subscribing to a topic that does not exist yet asks to create it and is refused.
            for (String topic : PipelinePrincipals.RESULT_TOPICS) {
                kafka.createTopic(topic, options.partitions());
            }
            builder.groupId(PipelinePrincipals.CONNECT_GROUP).clientSecurity(principals.clientSettings(
                    kafka.security().orElseThrow(), PipelinePrincipals.CONNECT));
        }
        connect = builder.start();
        remember(connect);
        return this;
    }

    private static List<String> jvmOptions(String first, List<String> more) {
        List<String> options = new ArrayList<>(List.of(first));
        options.addAll(more);
        return options;
    }

    /** The connect-configs files this pipeline runs, rewritten for it; returns the files. */
    public List<Path> writeConfigs() {
        List<String> names = new ArrayList<>(CONNECTORS);
        if (options.withDruid()) {
            names.add(DRUID_SINK);
        }
        List<Path> files = LocalConfigs.write(options.configDir(), work.resolve("connect"),
                new LocalConfigs.Addresses(ordersUrl(), SHOP_TOKEN, listenerPort, redis.uri(), database.jdbcUrl(),
                        database.user(), database.password(), druid == null ? null : druid.coordinator().toString()),
                names, registry);
        if (principals != null) {
            BrokerSecurity security = kafka.security().orElseThrow();
            Path secrets = work.resolve("connect").resolve("secrets").resolve("kafka-clients.properties");
            principals.writeSecrets(security, secrets);
            files.forEach(file -> LocalConfigs.writeOverrides(overridesDir().orElseThrow().resolve(
                    file.getFileName()), principals.connectorOverrides(security, connectorName(file), secrets)));
        }
        return files;
    }

    /**
     * On a secured cluster, the folder of each connector's principal settings ({@code <name>.json}, secrets as
     * config provider references), laid over its config when deployed, as deploy.sh does with
     * {@code CONNECT_OVERRIDES} set to it.
     */
    public Optional<Path> overridesDir() {
        return principals == null ? Optional.empty() : Optional.of(work.resolve("connect").resolve("secure"));
    }

    /**
     * PUT /connectors/{name}/config for each file (with its settings from {@link #overridesDir()} over it), as
     * deploy.sh does; waits until all run.
     */
    public void deploy(List<Path> files) {
        ConnectRestClient rest = connect.rest();
        for (Path file : files) {
            Map<String, String> config = ConnectConfigFiles.read(file);
            overridesDir().map(dir -> dir.resolve(file.getFileName())).filter(Files::isRegularFile)
                    .ifPresent(overrides -> config.putAll(ConnectConfigFiles.read(overrides)));
            rest.putConnectorConfig(connectorName(file), config);
        }
        awaitConnectorsRunning(files);
    }

    /** Waits until each file's connector runs with as many tasks as its {@code tasks.max}. */
    public void awaitConnectorsRunning(List<Path> files) {
        for (Path file : files) {
            int tasks = Integer.parseInt(ConnectConfigFiles.read(file).getOrDefault("tasks.max", "1"));
            connect.rest().awaitRunning(connectorName(file), tasks, Duration.ofMinutes(2));
        }
    }

    /** A connector is named after its config file, as deploy.sh names it. */
    public static String connectorName(Path configFile) {
        return configFile.getFileName().toString().replaceFirst("\\.json$", "");
    }

    /** The aggregator, reading what the worker's converter wrote (JSON with schemas, or Avro with a registry). */
    public AggregatorApp startAggregator() {
        aggregator = new AggregatorApp(new AggregatorConfig(aggregatorSettings()));
        aggregator.start();
        return aggregator;
    }

    /** The aggregator's settings for this pipeline, with a fresh state directory: for one more instance. */
    public Map<String, Object> aggregatorSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        // On a secured broker the aggregator's own principal; the aggregator passes them to its clients.
        (principals == null ? kafka.clientSettings() : principals.clientSettings(kafka.security().orElseThrow(),
                PipelinePrincipals.AGGREGATOR)).forEach(settings::put);
        settings.put("application.id", AGGREGATOR_ID);
        settings.put("state.dir", WorkDirs.fresh("aggregator-state").toString());
        if (registry == null) {
            settings.put(AggregatorConfig.CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.json.JsonConverter");
            settings.put("converter.schemas.enable", "true");
        } else {
            settings.putAll(registry.avroConverter(AggregatorConfig.CONVERTER_CLASS_CONFIG,
                    AggregatorConfig.CONVERTER_PREFIX));
        }
        settings.put(AggregatorConfig.WINDOW_SIZE_CONFIG, Long.toString(options.window().toMillis()));
        settings.put(AggregatorConfig.WINDOW_GRACE_CONFIG, Long.toString(options.grace().toMillis()));
        settings.put(AggregatorConfig.TOPIC_PARTITIONS_CONFIG, Integer.toString(options.partitions()));
        settings.put(AggregatorConfig.TOPIC_REPLICATION_CONFIG, "1");
        settings.put("replication.factor", "1");
        return settings;
    }

    /**
     * One more aggregator instance in a child JVM, as an operator runs one ({@code java ... AggregatorApp
     * aggregator.properties}), with {@link #aggregatorSettings()} plus {@code overrides}; logs to
     * {@code aggregator.log} in its own directory.
     */
    public ChildJvm startAggregatorProcess(String name, Map<String, String> overrides, List<String> jvmOptions) {
        Map<String, Object> settings = aggregatorSettings();
        settings.putAll(overrides);
        Path dir = WorkDirs.fresh("aggregator-" + name);
        Path file = dir.resolve("aggregator.properties");
        Properties props = new Properties();
        settings.forEach((key, value) -> props.put(key, value.toString()));
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "aggregator instance " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ChildJvm.start(AggregatorApp.class.getName(), jvmOptions, List.of(file.toString()),
                dir.resolve("aggregator.log"));
    }

    public void stopAggregator() {
        if (aggregator != null) {
            aggregator.close();
            aggregator = null;
        }
    }

    /** The shop: profiles into Redis, orders API on its port, clicks to the listener. */
    public Simulator startSimulator(Path truthFile) {
        return startSimulator(truthFile, Map.of());
    }

    /** As {@link #startSimulator(Path)}, with more simulator options ({@code --<name>} without the dashes). */
    public Simulator startSimulator(Path truthFile, Map<String, String> moreOptions) {
        Map<String, String> settings = new HashMap<>();
        settings.put("seed", Long.toString(options.seed()));
        settings.put("rate", Integer.toString(options.rate()));
        settings.put("duration", options.duration().toMillis() + "ms");
        settings.put("window", options.window().toMillis() + "ms");
        settings.put("grace", options.grace().toMillis() + "ms");
        settings.put("orders-port", Integer.toString(ordersPort));
        settings.put("orders-token", SHOP_TOKEN);
        settings.put("listener-url", listenerUrl());
        if (principals != null) {
            BrokerSecurity security = kafka.security().orElseThrow();
            settings.put("listener-token", principals.listenerToken());
            settings.put("listener-truststore", security.truststore().toString());
            settings.put("listener-truststore-password", security.storePassword());
        }
        settings.put("redis-uri", redis.uri());
        settings.put("truth-file", truthFile.toString());
        settings.putAll(moreOptions);
        simulator = Simulator.start(SimulatorOptions.of(settings));
        return simulator;
    }

    /** Everything, in order: services, configs deployed, aggregator, simulator. */
    public LocalPipeline startAll(Path truthFile) {
        startServices();
        deploy(writeConfigs());
        startAggregator();
        startSimulator(truthFile);
        return this;
    }

    private <T extends AutoCloseable> T remember(T closeable) {
        started.push(closeable);
        return closeable;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public ConnectCluster connect() {
        return connect;
    }

    public PostgresDatabase database() {
        return database;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public RedisServer redis() {
        return redis;
    }

    /** The schema registry, or null when records are JSON. */
    public SchemaRegistryServer registry() {
        return registry;
    }

    /** The principals on a secured broker, or null. */
    public PipelinePrincipals principals() {
        return principals;
    }

    public DruidCluster druid() {
        return druid;
    }

    public Simulator simulator() {
        return simulator;
    }

    public AggregatorApp aggregator() {
        return aggregator;
    }

    public Options options() {
        return options;
    }

    public Path work() {
        return work;
    }

    public String ordersUrl() {
        return "http://localhost:" + ordersPort + "/orders";
    }

    /** The listener's URL: https with a token on a secured cluster. */
    public String listenerUrl() {
        return (principals == null ? "http" : "https") + "://127.0.0.1:" + listenerPort + "/events";
    }

    public URI connectUrl() {
        return connect.rest().url();
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
        stopAggregator();
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed", next, e);
            }
        }
    }
}
