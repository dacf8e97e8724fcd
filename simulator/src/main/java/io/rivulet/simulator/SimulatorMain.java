package io.rivulet.simulator;

import java.time.Duration;
import java.util.Arrays;

/** {@code java -jar rivulet-simulator-<version>-all.jar [--option value]...}; {@code --help} lists the options. */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(SimulatorOptions.help());
            return;
        }
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Simulator simulator;
        try {
            simulator = Simulator.start(options);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("The shop cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "simulator-shutdown"));
        System.out.printf("Shop simulator (seed %d, %d events/s, %s): orders API http://localhost:%d/orders, clicks to "
                + "%s, profiles in %s, ground truth in %s%n", options.seed(), options.rate(),
                options.duration().isZero() ? "until stopped" : "for " + options.duration().toSeconds() + " s",
                simulator.ordersPort(), options.listenerUrl(), options.redisUri().isEmpty() ? "(no Redis)"
                        : options.redisUri(), options.truthFile().toAbsolutePath());
        while (!simulator.awaitGenerated(Duration.ofSeconds(5))) {
            System.out.println(simulator.stats());
        }
        boolean delivered = simulator.awaitDelivered(Duration.ofMinutes(2));
        System.out.println(simulator.stats());
        System.out.println(delivered ? "All events delivered; ground truth written to " + options.truthFile()
                .toAbsolutePath() : "Not every event was delivered within 2 minutes: " + simulator.stats()
                .lastProblem());
        simulator.close();
        System.exit(delivered ? 0 : 1);
    }
}
