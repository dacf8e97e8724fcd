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
import java.util.function.Function;

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
 * Kafka Streams apps of one kind in a JVM of their own, each started once and run over the bench's topics round by
 * round on command, as a deployed app runs: its JIT profile, heap and GC are its own, not shared with the broker or
 * the apps it is compared to (in one JVM, each app's cost per event moved with the others that had run before it),
 * and a round measures processing alone, not an app's start (fresh apps per round had the JIT compiling their
 * start-up code for up to a second of each two-second run). Between rounds an app is paused
 * ({@link KafkaStreams#pause()}). Commands on stdin, one per line: {@code start <application id> <stream threads>}
 * (started, then paused; answers {@code started <application id>}), {@code run <application id> <records>} (resumed
 * until its committed offsets reach that many records over both topics, then paused; answers {@code measured
 * <application id> <records/s> <CPU ns of the app's threads per record> <JIT compile ms meanwhile>}). Usage:
 * {@code AppUnderBench <kind> <bootstrap servers> <clicks topic> <orders topic> [setting=value ...]} with kind
 * {@code trivial}, {@code parsing} or {@code aggregator}.
 */
public final class AppUnderBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    /** The apps compared. */
    enum Kind {
        /** Reads every record of both topics and counts it: Kafka Streams' own exactly-once path. */
        TRIVIAL,
        /** The trivial app also reading each value as the aggregator does: the ceiling of the ratio. */
        PARSING,
        /** The aggregator itself. */
        AGGREGATOR;

        /** Its name on the command line and in file names. */
        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
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
    private final Map<String, KafkaStreams> apps = new HashMap<>();

    private AppUnderBench(Kind kind, String bootstrapServers, String clicks, String orders,
                          Map<String, Object> extra) {
        this.kind = kind;
        this.bootstrapServers = bootstrapServers;
        this.clicks = clicks;
        this.orders = orders;
        this.extra = extra;
    }

    public static void main(String[] args) throws IOException {
        AppUnderBench bench = new AppUnderBench(Kind.valueOf(args[0].toUpperCase(Locale.ROOT)), args[1], args[2],
                args[3], settings(args, 4));
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[1]))) {
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                String[] command = line.trim().split(" ");
                if (command[0].equals("start")) {
                    bench.start(command[1], Integer.parseInt(command[2]));
                    System.out.println("started " + command[1]);
                } else {
                    long compiledBefore = jit.getTotalCompilationTime();
                    double[] measured = bench.run(admin, command[1], Long.parseLong(command[2]));
                    System.out.printf(Locale.ROOT, "measured %s %.1f %.1f %d%n", command[1], measured[0],
                            measured[1], jit.getTotalCompilationTime() - compiledBefore);
                }
                System.out.flush();
            }
        }
        bench.apps.values().forEach(KafkaStreams::close);
        System.exit(0); // the parent closed our stdin: the run is over
    }

    /** The {@code setting=value} arguments from {@code args[from]} on, as the parent passes them on to the child. */
    static Map<String, Object> settings(String[] args, int from) {
        Map<String, Object> settings = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            settings.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        return settings;
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

    /** Starts an app and pauses it once it runs, before the rounds' records are there. */
    private void start(String applicationId, int threads) {
        KafkaStreams streams;
        if (kind == Kind.AGGREGATOR) {
            Map<String, Object> settings = aggregatorSettings(bootstrapServers, applicationId, clicks, orders, extra);
            settings.put("num.stream.threads", Integer.toString(threads));
            AggregatorApp app = new AggregatorApp(new AggregatorConfig(settings));
            app.start();
            streams = app.streams();
        } else {
            streams = new KafkaStreams(trivialTopology(kind == Kind.PARSING), trivialSettings(applicationId,
                    threads));
            streams.start();
        }
        Waits.until(applicationId + " to run", TIMEOUT, streams::state, state -> state == KafkaStreams.State.RUNNING);
        streams.pause();
        apps.put(applicationId, streams);
    }

    /** Resumes an app until it has committed {@code records} in all: its records/s and CPU time per record. */
    private double[] run(Admin admin, String applicationId, long records) {
        KafkaStreams streams = apps.get(applicationId);
        long first = committed(admin, applicationId);
        long cpuBefore = ThreadCpu.nanosOfThreadsNamed(applicationId);
        long started = System.nanoTime();
        streams.resume();
        long end = first;
        while (end < records) { // every 20 ms: a run takes about two seconds
            if (System.nanoTime() - started > TIMEOUT.toNanos()) {
                throw new IllegalStateException(applicationId + " committed " + end + " of " + records + " records");
            }
            sleep(20);
            end = committed(admin, applicationId);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        streams.pause();
        return new double[] {(end - first) / seconds,
            (double) (ThreadCpu.nanosOfThreadsNamed(applicationId) - cpuBefore) / (end - first)};
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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
            List<String> args = new ArrayList<>(List.of(kind.id(), bootstrapServers, clicks, orders));
            extra.forEach((key, value) -> args.add(key + "=" + value));
            return new Child(ChildJvm.start(AppUnderBench.class.getName(), jvmOptions, args, logFile));
        }

        /** Starts an app (paused until it runs a round). */
        void start(String applicationId, int threads) throws IOException {
            command("start " + applicationId + " " + threads);
            await(applicationId, "started", started -> true);
        }

        /** Runs the app until it has committed {@code records} in all, and returns what it measured. */
        Measured run(String applicationId, long records) throws IOException {
            command("run " + applicationId + " " + records);
            return await(applicationId, "measured", words -> new Measured(Double.parseDouble(words[2]),
                    Double.parseDouble(words[3]), Long.parseLong(words[4])));
        }

        private void command(String line) throws IOException {
            commands.write(line + "\n");
            commands.flush();
        }

        /** Waits for the child's answer {@code <what> <application id> ...}, read with {@code answer}. */
        private <T> T await(String applicationId, String what, Function<String[], T> answer) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            String[] words;
            while ((words = answered(what, applicationId)) == null) {
                if (!jvm.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("no answer for " + applicationId + " from " + jvm + ": "
                            + jvm.exit());
                }
                sleep(50);
            }
            return answer.apply(words);
        }

        /** The words of the child's line {@code <what> <application id> ...}, reading only what it wrote since. */
        private String[] answered(String what, String applicationId) {
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
                String[] words = unread.substring(0, end).split(" ");
                unread.delete(0, end + 1);
                if (words.length > 1 && words[0].equals(what) && words[1].equals(applicationId)) {
                    return words;
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
