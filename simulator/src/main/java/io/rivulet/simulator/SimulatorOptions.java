package io.rivulet.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The simulator's settings, from {@code --name value} arguments (picocli). Every option has a default, so
 * {@code java -jar rivulet-simulator-all.jar} alone runs a small shop against a local pipeline.
 */
@Command(name = "java -jar rivulet-simulator-<version>-all.jar", sortOptions = false,
        description = "A shop: users with profiles in Redis, an orders REST API, clicks POSTed to a listener, and "
                + "the ground truth per window in a file.")
public final class SimulatorOptions {
    @Option(names = "--seed", defaultValue = "42", paramLabel = "<n>",
            description = "Random seed: the same seed gives the same events in the same order (default: 42).")
    private long seed;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "<n>",
            description = "Events per second (clicks and orders, valid or not) (default: 200).")
    private int rate;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "<d>", converter = DurationConverter.class,
            description = "How long to generate traffic, e.g. 90s or 5m; 0 runs until stopped. After it, window + "
                    + "grace + 2s more traffic and a sweep of every user close the last windows (default: 0).")
    private Duration duration;

    @Option(names = "--users", defaultValue = "500", paramLabel = "<n>",
            description = "Users in the shop; about one in ten has no profile in Redis (default: 500).")
    private int users;

    @Option(names = "--orders-port", defaultValue = "8080", paramLabel = "<port>",
            description = "Port of the orders REST API (GET /orders?cursor=&limit=); 0 picks a free one "
                    + "(default: 8080).")
    private int ordersPort;

    @Option(names = "--orders-token", defaultValue = "", paramLabel = "<token>",
            description = "Bearer token the orders API requires; empty for none (default: empty).")
    private String ordersToken;

    @Option(names = "--listener-url", defaultValue = "http://localhost:8090/events", paramLabel = "<url>",
            description = "The HTTP source's listener, where clicks are POSTed (default: ${DEFAULT-VALUE}).")
    private String listenerUrl;

    @Option(names = "--listener-token", defaultValue = "", paramLabel = "<token>",
            description = "Bearer token the listener requires (its listener.token); empty for none (default: empty).")
    private String listenerToken;

    @Option(names = "--listener-token-file", paramLabel = "<file>",
            description = "A file holding the listener's token, instead of --listener-token (which other users "
                    + "of the machine see in the process list); read when the simulator starts.")
    private Path listenerTokenFile;

    @Option(names = "--listener-truststore", defaultValue = "", paramLabel = "<file>",
            description = "The certificate(s) of an https listener to trust: a PKCS12 truststore or a PEM file; "
                    + "empty for the JDK's (default: empty).")
    private String listenerTruststore;

    @Option(names = "--listener-truststore-password", defaultValue = "", paramLabel = "<password>",
            description = "Password of --listener-truststore (default: empty).")
    private String listenerTruststorePassword;

    @Option(names = "--redis-uri", defaultValue = "redis://localhost:6379", paramLabel = "<uri>",
            description = "Redis for user profiles (hashes user:{id}); empty to skip (default: ${DEFAULT-VALUE}).")
    private String redisUri;

    @Option(names = "--truth-file", defaultValue = "ground-truth.json", paramLabel = "<file>",
            description = "Where the per-window ground truth is written at the end (default: ${DEFAULT-VALUE}).")
    private Path truthFile;

    @Option(names = "--window", defaultValue = "60s", paramLabel = "<d>", converter = DurationConverter.class,
            description = "Window size the ground truth is computed for (the aggregator's window.size.ms) "
                    + "(default: 60s).")
    private Duration window;

    @Option(names = "--grace", defaultValue = "10s", paramLabel = "<d>", converter = DurationConverter.class,
            description = "The aggregator's window.grace.ms: late events are sent further behind than this "
                    + "(default: 10s).")
    private Duration grace;

    @Option(names = "--late-every", defaultValue = "400", paramLabel = "<n>",
            description = "About one valid event in this many is sent late (0: none) (default: 400).")
    private int lateEvery;

    @Option(names = "--invalid-every", defaultValue = "150", paramLabel = "<n>",
            description = "About one event in this many is invalid (0: none) (default: 150).")
    private int invalidEvery;

    @Option(names = "--duplicate-every", defaultValue = "100", paramLabel = "<n>",
            description = "About one valid event in this many is sent twice (0: none) (default: 100).")
    private int duplicateEvery;

    @Option(names = "--help", usageHelp = true, description = "This text.")
    private boolean help;

    private SimulatorOptions() {
    }

    /** Parses {@code --name value} pairs; unknown names, missing and bad values are errors that name the option. */
    public static SimulatorOptions parse(String... args) {
        SimulatorOptions options = new SimulatorOptions();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "; --help lists the options", e);
        }
        options.validate();
        return options;
    }

    /** The defaults with some options changed, for code that runs the simulator in-process. */
    public static SimulatorOptions of(Map<String, String> overrides) {
        String[] args = overrides.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return parse(args);
    }

    public static String help() {
        return new CommandLine(new SimulatorOptions()).getUsageMessage();
    }

    private void validate() {
        positive("--rate", rate);
        positive("--users", users);
        notNegative("--late-every", lateEvery);
        notNegative("--invalid-every", invalidEvery);
        notNegative("--duplicate-every", duplicateEvery);
        // Disorder is up to a second, so a grace of 2 s keeps every event that is not sent late on purpose in time.
        if (window.toMillis() < 1000 || grace.toMillis() < 2000) {
            throw new IllegalArgumentException("--window must be at least 1s and --grace at least 2s");
        }
        if (listenerTokenFile != null && !listenerToken.isEmpty()) {
            throw new IllegalArgumentException("--listener-token and --listener-token-file: give one of them");
        }
        if (ordersPort < 0 || ordersPort > 65535) {
            throw new IllegalArgumentException("--orders-port must be 0-65535, not " + ordersPort);
        }
    }

    private static void positive(String option, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, not " + value);
        }
    }

    private static void notNegative(String option, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must not be negative, not " + value);
        }
    }

    /** 90s, 5m, 1h, 500ms or plain milliseconds; an error names the option. Shared with the local run's options. */
    public static Duration duration(String option, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofMillis(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a duration such as 90s, 5m or 500ms, not " + value);
        }
    }

    /** Durations on the command line, as {@link #duration} reads them. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return duration("", value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("must be a duration such as 90s, 5m or 500ms, not "
                        + value);
            }
        }
    }

    public long seed() {
        return seed;
    }

    public int rate() {
        return rate;
    }

    /** Zero: until stopped. */
    public Duration duration() {
        return duration;
    }

    public int users() {
        return users;
    }

    public int ordersPort() {
        return ordersPort;
    }

    public String ordersToken() {
        return ordersToken;
    }

    public String listenerUrl() {
        return listenerUrl;
    }

    /** The listener's token: --listener-token, or the content of --listener-token-file. */
    public String listenerToken() {
        if (listenerTokenFile == null) {
            return listenerToken;
        }
        try {
            return Files.readString(listenerTokenFile).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read --listener-token-file " + listenerTokenFile + ": "
                    + e.getMessage(), e);
        }
    }

    public String listenerTruststore() {
        return listenerTruststore;
    }

    public String listenerTruststorePassword() {
        return listenerTruststorePassword;
    }

    public String redisUri() {
        return redisUri;
    }

    public Path truthFile() {
        return truthFile;
    }

    public Duration window() {
        return window;
    }

    public Duration grace() {
        return grace;
    }

    public int lateEvery() {
        return lateEvery;
    }

    public int invalidEvery() {
        return invalidEvery;
    }

    public int duplicateEvery() {
        return duplicateEvery;
    }
}
