package io.rivulet.aggregator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the aggregator: {@code java -jar rivulet-aggregator-all.jar [--describe] [config.properties]}. Settings come
 * from the file, then from environment variables {@code AGGREGATOR_<KEY>} (dots as underscores, e.g.
 * {@code AGGREGATOR_BOOTSTRAP_SERVERS}), which win. SIGTERM closes Kafka Streams cleanly.
 */
public final class AggregatorApp {
    private static final Logger log = LoggerFactory.getLogger(AggregatorApp.class);
    static final String ENV_PREFIX = "AGGREGATOR_";

    private final AggregatorConfig config;
    private final KafkaStreams streams;

    public AggregatorApp(AggregatorConfig config) {
        this.config = config;
        Topology topology = AggregatorTopology.build(config,
                KafkaTopics.partitions(config, config.getString(AggregatorConfig.ORDERS_TOPIC_CONFIG)),
                KafkaTopics.partitions(config, config.getString(AggregatorConfig.CLICKS_TOPIC_CONFIG)));
        this.streams = new KafkaStreams(topology, config.streamsProperties());
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            printHelp(System.out);
            return;
        }
        boolean describe = args.length > 0 && args[0].equals("--describe");
        String file = args.length > (describe ? 1 : 0) ? args[describe ? 1 : 0] : null;
        AggregatorConfig config;
        try {
            config = new AggregatorConfig(settings(file == null ? null : Paths.get(file), System.getenv()));
        } catch (ConfigException e) {
            System.err.println("Invalid configuration: " + e.getMessage() + "\nRun with --help for the settings.");
            System.exit(2);
            return;
        }
        if (describe) {
            System.out.println(AggregatorTopology.build(config, 1, 1).describe());
            return;
        }
        AggregatorApp app = new AggregatorApp(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "aggregator-shutdown"));
        app.start();
        stopped.await();
    }

    /** The settings from a properties file (optional) overlaid with {@code AGGREGATOR_*} environment variables. */
    static Map<String, Object> settings(Path file, Map<String, String> env) throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (file != null) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
            props.forEach((key, value) -> settings.put(key.toString(), value.toString().trim()));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                settings.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return settings;
    }

    public void start() {
        KafkaTopics.createMissing(config);
        String applicationId = config.streamsProperties().get(StreamsConfig.APPLICATION_ID_CONFIG).toString();
        streams.setUncaughtExceptionHandler(exception -> {
            AccessDenied.explain(exception, applicationId).ifPresent(reason -> log.error("The aggregator stops: {} "
                    + "(docs/security.md)", reason));
            log.error("The aggregator stops: a stream thread failed; exactly-once processing resumes from the last "
                    + "committed transaction on the next start", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        ReadyFile ready = ReadyFile.of(config.getString(AggregatorConfig.READY_FILE_CONFIG));
        streams.setStateListener((now, before) -> {
            log.info("Kafka Streams {} -> {}", before, now);
            ready.set(now == KafkaStreams.State.RUNNING);
        });
        streams.start();
        log.info("Aggregator started: {} + {} -> {}, {}, {} (windows of {} ms, grace {} ms)",
                config.getString(AggregatorConfig.ORDERS_TOPIC_CONFIG),
                config.getString(AggregatorConfig.CLICKS_TOPIC_CONFIG),
                config.getString(AggregatorConfig.SALES_TOPIC_CONFIG),
                config.getString(AggregatorConfig.ACTIVE_USERS_TOPIC_CONFIG),
                config.getString(AggregatorConfig.FUNNEL_TOPIC_CONFIG), config.windowSize().toMillis(),
                config.windowGrace().toMillis());
    }

    public KafkaStreams streams() {
        return streams;
    }

    public void close() {
        log.info("Aggregator stopping");
        streams.close(Duration.ofSeconds(30));
    }

    static void printHelp(PrintStream out) {
        out.println("Rivulet aggregator: exactly-once per-window sales, active users and funnel with Kafka Streams.");
        out.println();
        out.println("Usage: java -jar rivulet-aggregator-all.jar [--describe] [config.properties]");
        out.println("  --describe  print the topology and exit");
        out.println("Environment variables AGGREGATOR_<KEY> override the file (dots as underscores),");
        out.println("e.g. AGGREGATOR_BOOTSTRAP_SERVERS=broker:9092 AGGREGATOR_WINDOW_SIZE_MS=10000.");
        out.println();
        out.println("Settings:");
        out.println("  bootstrap.servers (required): the Kafka brokers");
        for (ConfigDef.ConfigKey key : AggregatorConfig.CONFIG_DEF.configKeys().values()) {
            out.printf("  %s (%s, default %s): %s%n", key.name, key.type.name().toLowerCase(Locale.ROOT),
                    key.hasDefault() ? defaultText(key) : "none", key.documentation);
        }
        out.println("  converter.<setting>: passed to the converter, e.g. converter.schemas.enable=true");
        out.println("Any other key is a Kafka Streams setting (num.stream.threads, state.dir, ...).");
        out.println("The aggregator sets");
        AggregatorConfig.STREAMS_DEFAULTS.forEach((key, value) -> out.printf("  %s=%s%n", key, value));
        out.println("unless told otherwise.");
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        Object value = key.defaultValue;
        if (value instanceof Class) {
            return ((Class<?>) value).getName();
        }
        return value == null || value.toString().isEmpty() ? "\"\"" : value.toString();
    }
}
