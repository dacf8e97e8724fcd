package io.rivulet.local;

import java.time.Duration;

import io.rivulet.simulator.SimulatorOptions;

/** The local run's command line. */
record LocalRunOptions(Duration window, Duration grace, int rate, long seed, Duration duration, boolean withDruid,
                       boolean help) {
    static final String HELP = String.join("\n",
            "Usage: java -jar local/target/rivulet-local-<version>.jar [options]",
            "  --window <d>      window size, e.g. 10s for results within 30 s (default 60s)",
            "  --grace <d>       how long a window waits for late events (default: window / 6, at least 2s)",
            "  --rate <n>        shop events per second (default 200)",
            "  --seed <n>        simulator seed (default 42)",
            "  --duration <d>    stop the shop after this long, e.g. 5m (default: runs until Ctrl-C)",
            "  --with-druid      also start Druid and the Druid sink",
            "  --help            this text", "");

    static LocalRunOptions parse(String... args) {
        Duration window = Duration.ofSeconds(60);
        Duration grace = null;
        int rate = 200;
        long seed = 42;
        Duration duration = Duration.ZERO;
        boolean druid = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--with-druid":
                    druid = true;
                    break;
                case "--help":
                case "-h":
                    help = true;
                    break;
                case "--window":
                    window = duration(arg, value(args, ++i, arg));
                    break;
                case "--grace":
                    grace = duration(arg, value(args, ++i, arg));
                    break;
                case "--duration":
                    duration = duration(arg, value(args, ++i, arg));
                    break;
                case "--rate":
                    rate = number(arg, value(args, ++i, arg));
                    break;
                case "--seed":
                    seed = number(arg, value(args, ++i, arg));
                    break;
                default:
                    throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        if (grace == null) {
            grace = Duration.ofMillis(Math.max(2_000, window.toMillis() / 6));
        }
        if (window.toMillis() < 1000 || grace.toMillis() < 2000 || rate <= 0) {
            throw new IllegalArgumentException("--window must be at least 1s, --grace at least 2s, --rate positive");
        }
        return new LocalRunOptions(window, grace, rate, seed, duration, druid, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String option, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, not " + text);
        }
    }

    /** As the simulator reads durations: 10s, 5m, 500ms. */
    static Duration duration(String option, String text) {
        return SimulatorOptions.duration(option, text);
    }
}
