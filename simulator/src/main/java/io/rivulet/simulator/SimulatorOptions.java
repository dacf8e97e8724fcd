package io.rivulet.simulator;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's settings, from {@code --name value} arguments. Every option has a default, so
 * {@code java -jar rivulet-simulator-all.jar} alone runs a small shop against a local pipeline.
 */
public final class SimulatorOptions {
    /** Option name, default and help, in the order --help prints them. */
    private static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        option("seed", "42", "Random seed: the same seed gives the same events in the same order.");
        option("rate", "200", "Events per second (clicks and orders, valid or not).");
        option("duration", "0", "How long to generate traffic, e.g. 90s or 5m; 0 runs until stopped. After it, "
                + "window + grace + 2s more traffic and a sweep of every user close the last windows.");
        option("users", "500", "Users in the shop; about one in ten has no profile in Redis.");
        option("orders-port", "8080", "Port of the orders REST API (GET /orders?cursor=&limit=); 0 picks a free one.");
        option("orders-token", "", "Bearer token the orders API requires; empty for none.");
        option("listener-url", "http://localhost:8090/events", "The HTTP source's listener, where clicks are POSTed.");
        option("redis-uri", "redis://localhost:6379", "Redis for user profiles (hashes user:{id}); empty to skip.");
        option("truth-file", "ground-truth.json", "Where the per-window ground truth is written at the end.");
        option("window", "60s", "Window size the ground truth is computed for (the aggregator's window.size.ms).");
        option("grace", "10s", "The aggregator's window.grace.ms: late events are sent further behind than this.");
        option("late-every", "400", "About one valid event in this many is sent late (0: none).");
        option("invalid-every", "150", "About one event in this many is invalid (0: none).");
        option("duplicate-every", "100", "About one valid event in this many is sent twice (0: none).");
    }

    private final Map<String, String> values;

    private SimulatorOptions(Map<String, String> values) {
        this.values = values;
    }

    private static void option(String name, String defaultValue, String help) {
        OPTIONS.put(name, new String[] {defaultValue, help});
    }

    /** Parses {@code --name value} pairs; unknown names and missing values are errors that name the option. */
    public static SimulatorOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach((name, spec) -> values.put(name, spec[0]));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !OPTIONS.containsKey(arg.substring(2).split("=", 2)[0])) {
                throw new IllegalArgumentException("Unknown option " + arg + "; --help lists them");
            }
            String[] split = arg.substring(2).split("=", 2);
            if (split.length == 2) {
                values.put(split[0], split[1]);
            } else if (i + 1 < args.length) {
                values.put(split[0], args[++i]);
            } else {
                throw new IllegalArgumentException("Option " + arg + " needs a value");
            }
        }
        SimulatorOptions options = new SimulatorOptions(values);
        options.validate();
        return options;
    }

    /** The defaults with some options changed, for code that runs the simulator in-process. */
    public static SimulatorOptions of(Map<String, String> overrides) {
        String[] args = overrides.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return parse(args);
    }

    private void validate() {
        positive("rate");
        positive("users");
        notNegative("late-every");
        notNegative("invalid-every");
        notNegative("duplicate-every");
        duration("duration");
        // Disorder is up to a second, so a grace of 2 s keeps every event that is not sent late on purpose in time.
        if (window().toMillis() < 1000 || grace().toMillis() < 2000) {
            throw new IllegalArgumentException("--window must be at least 1s and --grace at least 2s");
        }
        int port = intValue("orders-port");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--orders-port must be 0-65535, not " + port);
        }
    }

    private void positive(String name) {
        if (intValue(name) <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive, not " + values.get(name));
        }
    }

    private void notNegative(String name) {
        if (intValue(name) < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative, not " + values.get(name));
        }
    }

    private int intValue(String name) {
        try {
            return Integer.parseInt(values.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not " + values.get(name));
        }
    }

    private Duration duration(String name) {
        return duration("--" + name, values.get(name));
    }

    /** 90s, 5m, 1h, 500ms or plain milliseconds; an error names the option. Shared with the local run's options. */
    public static Duration duration(String option, String value) {
        String text = value.trim().toLowerCase(java.util.Locale.ROOT);
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

    public static String help() {
        StringBuilder help = new StringBuilder("Usage: java -jar rivulet-simulator-<version>-all.jar [--option value]..."
                + "\n\n");
        OPTIONS.forEach((name, spec) -> help.append(String.format("  --%-16s %s (default: %s)%n", name, spec[1],
                spec[0].isEmpty() ? "empty" : spec[0])));
        return help.toString();
    }

    public long seed() {
        return Long.parseLong(values.get("seed").trim());
    }

    public int rate() {
        return intValue("rate");
    }

    /** Zero: until stopped. */
    public Duration duration() {
        return duration("duration");
    }

    public int users() {
        return intValue("users");
    }

    public int ordersPort() {
        return intValue("orders-port");
    }

    public String ordersToken() {
        return values.get("orders-token");
    }

    public String listenerUrl() {
        return values.get("listener-url");
    }

    public String redisUri() {
        return values.get("redis-uri");
    }

    public Path truthFile() {
        return Paths.get(values.get("truth-file"));
    }

    public Duration window() {
        return duration("window");
    }

    public Duration grace() {
        return duration("grace");
    }

    public int lateEvery() {
        return intValue("late-every");
    }

    public int invalidEvery() {
        return intValue("invalid-every");
    }

    public int duplicateEvery() {
        return intValue("duplicate-every");
    }
}
