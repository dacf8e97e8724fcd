package io.rivulet.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node KRaft Kafka (broker and controller in one process) in this JVM, on free loopback ports with
 * fresh log directories. Servers that depend on it (Connect workers) are closed before it.
 * <p>Over 300 lines on purpose: the broker's lifecycle (start, restart on the same ports, close) and the thin client
 * helpers every caller uses on it (topics, producers, consumers, reading to the end, awaiting records), one method
 * each, so a caller needs one object for one broker.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Launcher launcher;
    /** Null for a PLAINTEXT broker that lets every client do anything. */
    private final BrokerSecurity security;
    private Node node;
    private final Properties props;
    private final Path dir;
    private final int port;
    private final Deque<AutoCloseable> dependents = new ArrayDeque<>();
    private Admin admin;
    private boolean closed;

    private KafkaBroker(Launcher launcher, BrokerSecurity security, Properties props, Path dir, int port) {
        this.launcher = launcher;
        this.security = security;
        this.props = props;
        this.dir = dir;
        this.port = port;
        this.node = launcher.start(props, dir);
    }

    /** A running broker process; stopping it is clean (controlled shutdown). */
    private interface Node {
        void stop();
    }

    /** Starts the broker's process from formatted settings. */
    private interface Launcher {
        Node start(Properties props, Path dir);
    }

    private static final Launcher IN_THIS_JVM = (props, dir) -> {
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        server.startup();
        return () -> {
            server.shutdown();
            server.awaitShutdown();
        };
    };

    /** Kafka's own main class ({@code kafka.Kafka server.properties}) in a child JVM, as an operator starts one. */
    private static Launcher childJvm(List<String> jvmOptions) {
        return (props, dir) -> {
            ChildJvm child = ChildJvm.start("kafka.Kafka", jvmOptions, List.of(dir.resolve("server.properties")
                    .toString()), dir.resolve("broker.log"));
            return () -> child.stop(60);
        };
    }

    public static KafkaBroker start() {
        return start(Map.of());
    }

    /** Starts a broker in this JVM; {@code overrides} replace or add broker settings. */
    public static KafkaBroker start(Map<String, String> overrides) {
        return start(overrides, IN_THIS_JVM, false);
    }

    /**
     * Starts a broker in a child JVM with {@code jvmOptions} (heap, GC), so that its CPU and memory are its own
     * process's, as on a machine that runs several processes of the pipeline; {@code overrides} as for
     * {@link #start(Map)}.
     */
    public static KafkaBroker startInChildJvm(Map<String, String> overrides, List<String> jvmOptions) {
        return start(overrides, childJvm(jvmOptions), false);
    }

    /**
     * Starts a secured broker in this JVM ({@link BrokerSecurity}: SASL_SSL with SCRAM-SHA-512, ACLs required):
     * {@link #admin()}, {@link #producer()} and {@link #consumer()} connect as the super user; {@link #createUser}
     * and {@link #grant} make the principals a test needs.
     */
    public static KafkaBroker startSecured() {
        return start(Map.of(), IN_THIS_JVM, true);
    }

    private static KafkaBroker start(Map<String, String> overrides, Launcher launcher, boolean secured) {
        long started = System.nanoTime();
        Path dir = WorkDirs.fresh("kafka");
        int port = Ports.free();
        int controllerPort = Ports.free();
        Properties props = brokerProperties(dir, port, controllerPort);
        BrokerSecurity security = secured ? BrokerSecurity.create(dir) : null;
        if (security != null) {
            props.putAll(security.brokerSettings(port, controllerPort));
        }
        props.putAll(overrides);
        try {
            format(props, dir, security);
            KafkaBroker broker = new KafkaBroker(launcher, security, props, dir, port);
            broker.awaitReady();
            log.info("Kafka broker {} up in {} ms (data: {})", broker.bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000, dir);
            return broker;
        } catch (RuntimeException e) {
            throw new ServerStartException("Kafka broker", port, dir, e.getMessage(), e);
        }
    }

    private static Properties brokerProperties(Path dir, int port, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("num.partitions", "1");
        // One node: every internal topic has one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Tests write records with event times of any age: keep them, whatever their timestamp.
        props.put("log.retention.ms", "-1");
        return props;
    }

    /** Formats the log directory in-process: {@code StorageTool.main} would exit the JVM. */
    private static void format(Properties props, Path dir, BrokerSecurity security) {
        Path configFile = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "rivulet test broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("format", "--config", configFile.toString(), "--cluster-id",
                Uuid.randomUuid().toString()));
        if (security != null) {
            args.addAll(List.of("--add-scram", security.formatScramArgument()));
        }
        int exit = StorageTool.execute(args.toArray(String[]::new), new PrintStream(output, true,
                StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("formatting " + dir + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() {
        Waits.until("broker " + bootstrapServers() + " to serve metadata", READY_TIMEOUT,
                () -> admin().describeCluster().nodes().toCompletionStage().toCompletableFuture().join().size(),
                n -> n > 0);
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return dir;
    }

    /** The client settings this class's own clients use: none unsecured, the super user's when secured. */
    public Map<String, Object> clientSettings() {
        return security == null ? Map.of() : security.adminClientSettings();
    }

    /** How the broker is secured, or empty for a PLAINTEXT broker without ACLs. */
    public Optional<BrokerSecurity> security() {
        return Optional.ofNullable(security);
    }

    public synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>(clientSettings());
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            admin = Admin.create(props);
        }
        return admin;
    }

    /** Creates (or changes the password of) a SCRAM-SHA-512 user on a secured broker, through the Admin API. */
    public void createUser(String user, String password) {
        call("create user " + user, admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all());
    }

    /** Creates every ACL of the set. */
    public void grant(Acls acls) {
        call("create ACLs " + acls.bindings(), admin().createAcls(acls.bindings()).all());
    }

    private static void call(String what, KafkaFuture<Void> future) {
        try {
            future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a topic; an existing one with that name is left as it is. */
    public void createTopic(String name, int partitions) {
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(clientSettings());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A producer with this transactional id, its transactions already initialised. */
    public KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
        Map<String, Object> props = new HashMap<>(clientSettings());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    public KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(clientSettings());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads a topic from its beginning up to the end it has now (committed records only), in partition order.
     * Records written later are not waited for: wait for them first with {@link #awaitRecords}.
     */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return new TopicReader(consumer, topic).readToEnd();
        }
    }

    /**
     * Waits until the topic holds at least {@code count} committed records, then returns all of them. One consumer
     * serves the whole wait and each probe reads only what arrived since the last one.
     */
    public List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, int count, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicReader reader = new TopicReader(consumer, topic);
            return Waits.until(count + " records in " + topic, timeout, reader::readToEnd, r -> r.size() >= count);
        }
    }

    /** Reads one topic from its beginning with one consumer, keeping what it read for the next call. */
    private static final class TopicReader {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final List<TopicPartition> partitions = new ArrayList<>();
        private final List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();

        TopicReader(KafkaConsumer<byte[], byte[]> consumer, String topic) {
            this.consumer = consumer;
            this.topic = topic;
        }

        /** Every committed record up to the topic's end now. */
        List<ConsumerRecord<byte[], byte[]>> readToEnd() {
            if (partitions.isEmpty()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out reading " + topic + " up to " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(read);
            records.removeIf(r -> r.offset() >= end.get(new TopicPartition(r.topic(), r.partition())));
            return records;
        }
    }

    /**
     * Stops the broker cleanly and starts it again on the same ports with the same data, as a rolling restart of a
     * one-node cluster does: clients see their connections drop and reconnect. Returns how long it was down in ms.
     */
    public synchronized long restart() {
        long stopped = System.nanoTime();
        node.stop();
        node = launcher.start(props, dir);
        awaitReady();
        long downMs = (System.nanoTime() - stopped) / 1_000_000;
        log.info("Kafka broker {} restarted, down {} ms", bootstrapServers(), downMs);
        return downMs;
    }

    /** Closes {@code dependent} before this broker stops (e.g. a Connect worker that uses it). */
    public synchronized void closeBeforeBroker(AutoCloseable dependent) {
        dependents.push(dependent);
    }

    public synchronized void forget(AutoCloseable dependent) {
        dependents.remove(dependent);
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(dependents);
            dependents.clear();
        }
        for (AutoCloseable dependent : toClose) {
            try {
                dependent.close();
            } catch (Exception e) {
                log.warn("Closing {} before the broker failed", dependent, e);
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        node.stop();
        WorkDirs.deleteQuietly(dir);
        log.info("Kafka broker localhost:{} stopped", port);
    }
}
