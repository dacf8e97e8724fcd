package io.rivulet.local;

import java.time.Duration;

import io.rivulet.simulator.SimulatorOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The local run's command line. */
@Command(name = "java -jar local/target/rivulet-local-<version>.jar", mixinStandardHelpOptions = true,
        description = "Runs the whole pipeline on this machine: broker, Connect worker, Redis, PostgreSQL, the "
                + "aggregator and the shop simulator (and Druid with --with-druid).",
        versionProvider = LocalRunOptions.Version.class)
final class LocalRunOptions {
    @Option(names = "--window", paramLabel = "<d>", converter = SimulatorOptions.DurationConverter.class,
            description = "window size, e.g. 10s for results within 30 s (default: ${DEFAULT-VALUE})",
            defaultValue = "60s")
    Duration window;

    @Option(names = "--grace", paramLabel = "<d>", converter = SimulatorOptions.DurationConverter.class,
            description = "how long a window waits for late events (default: window / 6, at least 2s)")
    Duration grace;

    @Option(names = "--rate", paramLabel = "<n>", description = "shop events per second (default: ${DEFAULT-VALUE})",
            defaultValue = "200")
    int rate;

    @Option(names = "--seed", paramLabel = "<n>", description = "simulator seed (default: ${DEFAULT-VALUE})",
            defaultValue = "42")
    long seed;

    @Option(names = "--duration", paramLabel = "<d>", converter = SimulatorOptions.DurationConverter.class,
            description = "stop the shop after this long, e.g. 5m (default: runs until Ctrl-C)", defaultValue = "0s")
    Duration duration;

    @Option(names = "--with-druid", description = "also start Druid and the Druid sink")
    boolean withDruid;

    @Option(names = "--with-monitoring", description = "run the broker, the worker and the aggregator in their own "
            + "JVMs with the JMX exporter agent (the compose stack's rules), start Prometheus with the compose "
            + "config if it is installed, and print the dashboard's figures from it every 5 s")
    boolean withMonitoring;

    /** Parses {@code args}; a bad option throws picocli's ParameterException with the usage attached. */
    static CommandLine.ParseResult parse(LocalRunOptions options, String... args) {
        CommandLine line = new CommandLine(options);
        CommandLine.ParseResult result = line.parseArgs(args);
        if (!result.isUsageHelpRequested() && !result.isVersionHelpRequested()) {
            options.check(line);
        }
        return result;
    }

    private void check(CommandLine line) {
        if (grace == null) {
            grace = Duration.ofMillis(Math.max(2_000, window.toMillis() / 6));
        }
        if (window.toMillis() < 1000 || grace.toMillis() < 2000 || rate <= 0) {
            throw new CommandLine.ParameterException(line,
                    "--window must be at least 1s, --grace at least 2s, --rate positive");
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LocalRunOptions.class.getPackage().getImplementationVersion();
            return new String[] {"rivulet-local " + (version == null ? "(unpackaged)" : version)};
        }
    }
}
