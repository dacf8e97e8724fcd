package io.rivulet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;

import io.rivulet.aggregator.AggregatorApp;
import io.rivulet.aggregator.AggregatorConfig;
import io.rivulet.aggregator.event.ClickEvents;
import io.rivulet.aggregator.event.FlatJson;
import io.rivulet.aggregator.event.OrderEvents;
import io.rivulet.embedded.ChildJvm;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;

/**
 * One kind of Kafka Streams app in a JVM of its own, run over the bench's topics on command: as in a deployment, its
 * JIT profile, heap and GC are its own, not shared with the broker or with the apps it is compared to (in one JVM,
 * each app's cost per event moved with the others that had run before it). Commands on stdin, one per line,
 * {@code <application id> <stream threads> <records>}; after each, a line {@code measured <application id> <records/s>
 * <CPU ns of the app's threads per record>} on stdout. Usage: {@code AppUnderBench <kind> <bootstrap servers>
 * <clicks topic> <orders topic> [setting=value ...]} with kind {@code trivial}, {@code parsing} or
 * {@code aggregator}.
 */
public final class AppUnderBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final Pattern MEASURED = Pattern.compile("^measured (\\S+) (\\S+) (\\S+) (\\d+)$");

    /** The apps compared. */
    enum Kind {
        /** Reads every record of both topics and counts it: Kafka Streams' own exactly-once path. */
        TRIVIAL,
        /** The trivial app also reading each value as the aggregator does: the ceiling of the ratio. */
        PARSING,
        /** The aggregator itself. */
        AGGREGATOR
    }

    /**
     * Records/s of an app, the CPU time its threads (stream, producer, heartbeat) took per record, and the time the
     * JVM's JIT compilers worked during the run (they share the cores with the app).
     */
    record Measured(double rate, double cpuPerEvent, long compileMs) {
    }

    private final Kind kind;
    private final String bootstrapServers;
    private final String clicks;
    private final String orders;
    private final Map<String, Object> extra;

    private AppUnderBench(Kind kind, String bootstrapServers, String clicks, String orders,
                          Map<String, Object> extra) {
        this.kind = kind;
        this.bootstrapServers = bootstrapServers;
        this.clicks = clicks;
        this.orders = orders;
        this.extra = extra;
    }

    public static void main(String[] args) throws IOException {
        Map<String, Object> extra = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            extra.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        AppUnderBench bench = new AppUnderBench(Kind.valueOf(args[0].toUpperCase()), args[1], args[2], args[3],
                extra);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.trim().split(" ");
            long compiledBefore = jit.getTotalCompilationTime();
            double[] measured = bench.run(command[0], Integer.parseInt(command[1]), Long.parseLong(command[2]));
            System.out.printf(Locale.ROOT, "measured %s %.1f %.1f %d%n", command[0], measured[0], measured[1],
                    jit.getTotalCompilationTime() - compiledBefore);
            System.out.flush();
        }
        System.exit(0); // the parent closed our stdin: the run is over
    }

    /** The settings of an aggregator over the bench's topics, writing to topics named after it. */
    static Map<String, Object> aggregatorSettings(String bootstrapServers, String applicationId, String clicks,
                                                  String orders, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("application.id", applicationId);
        settings.put("state.dir", WorkDirs.fresh(applicationId + "-state").toString());
        settings.put("input.orders.topic", orders);
        settings.put("input.clicks.topic", clicks);
        settings.put("output.sales.topic", applicationId + ".sales");
        settings.put("output.active.users.topic", applicationId + ".active_users");
        settings.put("output.funnel.topic", applicationId + ".funnel");
        settings.put("converter.schemas.enable", "false");
        settings.putAll(extra);
        return settings;
    }

    /** Runs a fresh app to the end of the topics: its records/s and CPU time per record. */
    private double[] run(String applicationId, int threads, long records) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (kind == Kind.AGGREGATOR) {
                Map<String, Object> settings = aggregatorSettings(bootstrapServers, applicationId, clicks, orders,
                        extra);
                settings.put("num.stream.threads", Integer.toString(threads));
                AggregatorApp app = new AggregatorApp(new AggregatorConfig(settings));
                try {
                    app.start();
                    return committedRate(admin, applicationId, records);
                } finally {
                    app.close();
                    deleteTopicsOf(admin, applicationId);
                }
            }
            try (KafkaStreams streams = new KafkaStreams(trivialTopology(kind == Kind.PARSING),
                    trivialSettings(applicationId, threads))) {
                streams.start();
                return committedRate(admin, applicationId, records);
            }
        }
    }

    /**
     * Reads every record of both topics and counts it; with {@code parse}, each value is also read as the aggregator
     * reads it (the fields it needs, one pass), which is the least an aggregator of these values must do.
     */
    private org.apache.kafka.streams.Topology trivialTopology(boolean parse) {
        StreamsBuilder builder = new StreamsBuilder();
        long[] seen = {0};
        Set<String> fields = new HashSet<>(new ClickEvents(clicks, "timestamp").fields());
        fields.addAll(new OrderEvents(orders, "order_ts").fields());
        FlatJson reader = FlatJson.reading(fields);
        builder.stream(List.of(clicks, orders), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .foreach((key, value) -> seen[0] += parse ? reader.read(value).size() : value.length);
        return builder.build();
    }

    private Properties trivialSettings(String applicationId, int threads) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100); // as the aggregator commits
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.STATE_DIR_CONFIG, WorkDirs.fresh("trivial-state").toString());
        return props;
    }

    /**
     * Records/s over both input topics, from the first committed progress until all are committed, and the CPU
     * time of the application's threads per record over the same span: the cost per event, which the machine's
     * drift between runs (the broker shares the two cores) moves far less than the rate.
     */
    private double[] committedRate(Admin admin, String group, long records) {
        Waits.until(group + "'s first commit", TIMEOUT, () -> committed(admin, group), n -> n > 0);
        long started = System.nanoTime();
        long cpuBefore = ThreadCpu.nanosOfThreadsNamed(group);
        long first = committed(admin, group);
        long end = Waits.until("all records processed by " + group, TIMEOUT, () -> committed(admin, group),
                n -> n >= records);
        double rate = (end - first) / ((System.nanoTime() - started) / 1e9);
        return new double[] {rate, (double) (ThreadCpu.nanosOfThreadsNamed(group) - cpuBefore) / (end - first)};
    }

    private long committed(Admin admin, String group) {
        return committed(admin, group, clicks, orders);
    }

    /** The offsets {@code group} committed on the two input topics, summed (0 if it committed none yet). */
    static long committed(Admin admin, String group, String clicks, String orders) {
        try {
            long sum = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get().entrySet()) {
                boolean input = entry.getKey().topic().equals(clicks) || entry.getKey().topic().equals(orders);
                if (input && entry.getValue() != null) {
                    sum += entry.getValue().offset();
                }
            }
            return sum;
        } catch (Exception e) {
            return 0;
        }
    }

    /** A finished app's internal and output topics: the broker then holds what it held before the run. */
    private static void deleteTopicsOf(Admin admin, String applicationId) {
        try {
            List<String> topics = new ArrayList<>();
            for (String topic : admin.listTopics().names().get()) {
                if (topic.startsWith(applicationId + "-") || topic.startsWith(applicationId + ".")) {
                    topics.add(topic);
                }
            }
            admin.deleteTopics(topics).all().get();
        } catch (Exception e) {
            System.out.println("could not delete the topics of " + applicationId + ": " + e);
        }
    }

    /** The parent's handle on one such JVM. */
    static final class Child implements AutoCloseable {
        private final ChildJvm jvm;
        private final Writer commands;
        private final StringBuilder unread = new StringBuilder();
        private long logRead;

        private Child(ChildJvm jvm) {
            this.jvm = jvm;
            this.commands = new OutputStreamWriter(jvm.stdin(), StandardCharsets.UTF_8);
        }

        static Child start(Kind kind, List<String> jvmOptions, String bootstrapServers, String clicks, String orders,
                           Map<String, Object> extra, Path logFile) {
            List<String> args = new ArrayList<>(List.of(kind.name().toLowerCase(), bootstrapServers, clicks, orders));
            extra.forEach((key, value) -> args.add(key + "=" + value));
            return new Child(ChildJvm.start(AppUnderBench.class.getName(), jvmOptions, args, logFile));
        }

        /** Runs a fresh app to the end of the topics ({@code records} in all) and returns what it measured. */
        Measured run(String applicationId, int threads, long records) throws IOException {
            commands.write(applicationId + " " + threads + " " + records + "\n");
            commands.flush();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            Measured result;
            while ((result = measured(applicationId)) == null) {
                if (!jvm.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(applicationId + " measured nothing in " + jvm + ": " + jvm.exit());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while " + applicationId + " ran", e);
                }
            }
            return result;
        }

        /** What the child printed for {@code applicationId}, reading only what it wrote since the last call. */
        private Measured measured(String applicationId) {
            try (RandomAccessFile log = new RandomAccessFile(jvm.logFile().toFile(), "r")) {
                if (log.length() > logRead) {
                    byte[] bytes = new byte[(int) (log.length() - logRead)];
                    log.seek(logRead);
                    log.readFully(bytes);
                    logRead += bytes.length;
                    unread.append(new String(bytes, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                return null;
            }
            for (int end = unread.indexOf("\n"); end >= 0; end = unread.indexOf("\n")) {
                Matcher matcher = MEASURED.matcher(unread.substring(0, end));
                unread.delete(0, end + 1);
                if (matcher.matches() && matcher.group(1).equals(applicationId)) {
                    return new Measured(Double.parseDouble(matcher.group(2)), Double.parseDouble(matcher.group(3)),
                            Long.parseLong(matcher.group(4)));
                }
            }
            return null;
        }

        @Override
        public void close() {
            try {
                commands.close(); // end of commands: the child exits
            } catch (IOException e) {
                // it is stopped below anyway
            }
            jvm.stop(30);
        }
    }
}
