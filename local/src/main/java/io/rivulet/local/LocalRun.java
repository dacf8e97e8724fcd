package io.rivulet.local;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.rivulet.embedded.WorkDirs;
import picocli.CommandLine;

/**
 * {@code java -jar local/target/rivulet-local-<version>.jar [--window 10s] [--with-druid] [--with-monitoring]
 * [--rate N] [--seed N] [--duration 5m]}: the whole pipeline on this machine, no Docker. Prints where everything is, then live progress;
 * Ctrl-C stops it all.
 */
public final class LocalRun {
    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        // Before any logger exists: the servers log to a file, the console shows progress only.
        System.setProperty("log4j2.configurationFile", "classpath:rivulet-local-log4j2.xml");
        LocalRunOptions options = new LocalRunOptions();
        try {
            CommandLine.ParseResult parsed = LocalRunOptions.parse(options, args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return;
            }
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            e.getCommandLine().usage(System.err);
            System.exit(2);
            return;
        }
        Path repo = repositoryRoot();
        if (!Files.isDirectory(repo.resolve("local/target/plugin-zips"))) {
            System.err.println("No plugin archives in local/target/plugin-zips: build first with "
                    + "`mvn -B -ntp -q install -DskipTests`");
            System.exit(2);
            return;
        }
        Path work = repo.resolve("target/local-run");
        WorkDirs.deleteQuietly(work); // the last run's data: this run starts from an empty broker and database
        Files.createDirectories(work);
        System.setProperty("rivulet.work.dir", work.toString());
        PrintStream out = System.out;
        out.printf("Rivulet local pipeline: windows of %d s (grace %d s), %d events/s, seed %d%s; logs in %s%n",
                options.window.toSeconds(), options.grace.toSeconds(), options.rate, options.seed,
                options.withDruid ? ", with Druid" : "", work.resolve("servers.log"));

        LocalPipeline pipeline = new LocalPipeline(new LocalPipeline.Options(options.window, options.grace,
                options.rate, options.seed, options.duration, options.withDruid,
                repo.resolve("connect-configs"), repo.resolve("local/target/plugin-zips"), 3));
        Path truth = work.resolve("ground-truth.json");
        CountDownLatch stopped = new CountDownLatch(1);
        Progress[] progress = new Progress[1];
        LocalMonitoring monitoring = options.withMonitoring ? LocalMonitoring.of(repo.resolve("monitoring")) : null;
        MonitoredRun[] monitored = new MonitoredRun[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping everything...");
            quietConsole(); // servers stopping under each other log errors that mean nothing now (still in the file)
            if (progress[0] != null) {
                progress[0].close();
            }
            if (monitored[0] != null) {
                monitored[0].close();
            }
            pipeline.close();
            out.println("Stopped.");
            stopped.countDown();
        }, "local-run-shutdown"));
        try {
            step(out, "Kafka (KRaft), Redis, PostgreSQL" + (options.withDruid ? ", Druid" : "")
                    + " and a Connect worker with the plugins from local/target/plugin-zips");
            pipeline.startServices(monitoring == null ? LocalPipeline.Cluster.LOCAL
                    : LocalPipeline.Cluster.monitored(monitoring));
            step(out, "connectors from connect-configs/: " + String.join(", ", LocalPipeline.CONNECTORS)
                    + (options.withDruid ? ", " + LocalPipeline.DRUID_SINK : ""));
            pipeline.deploy(pipeline.writeConfigs());
            step(out, "the aggregator (Kafka Streams, exactly-once)");
            if (monitoring == null) {
                pipeline.startAggregator();
            } else {
                monitored[0] = MonitoredRun.start(pipeline, monitoring, out);
            }
            step(out, "the shop simulator");
            pipeline.startSimulator(truth);
            printUrls(out, pipeline, truth);
            if (monitored[0] != null) {
                monitored[0].printUrls();
            }
            progress[0] = new Progress(pipeline, out);
        } catch (RuntimeException e) {
            out.println("The pipeline could not start: " + e.getMessage() + " (details in " + work.resolve(
                    "servers.log") + ")");
            System.exit(1);
        }
        if (!options.duration.isZero()) {
            pipeline.simulator().awaitGenerated(options.duration.plus(Duration.ofMinutes(2)));
            Thread.sleep(options.window.plus(options.grace).toMillis() + 5_000);
            out.println("The shop is done; the ground truth is in " + truth + ". Ctrl-C to stop.");
        }
        stopped.await();
    }

    private static void quietConsole() {
        org.apache.logging.log4j.core.LoggerContext context = (org.apache.logging.log4j.core.LoggerContext)
                org.apache.logging.log4j.LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender("console");
        context.updateLoggers();
    }

    private static void step(PrintStream out, String what) {
        out.println("Starting " + what + " ...");
    }

    private static void printUrls(PrintStream out, LocalPipeline pipeline, Path truth) {
        out.println();
        out.println("  Kafka bootstrap     " + pipeline.kafka().bootstrapServers());
        out.println("  Connect REST        " + pipeline.connectUrl() + "   (CONNECT_URL=" + pipeline.connectUrl()
                + " connect-configs/status.sh)");
        out.println("  Clicks listener     " + pipeline.listenerUrl() + "   (POST JSON clicks here too)");
        out.println("  Shop orders API     " + pipeline.ordersUrl() + "   (Authorization: Bearer "
                + LocalPipeline.SHOP_TOKEN + ")");
        out.println("  PostgreSQL          " + pipeline.database().jdbcUrl() + "   (user " + pipeline.database().user()
                + ", password " + pipeline.database().password() + "; tables sales_per_minute, "
                + "active_users_per_minute, funnel_per_minute)");
        out.println("  Redis               " + pipeline.redis().uri());
        if (pipeline.druid() != null) {
            out.println("  Druid SQL           " + pipeline.druid().broker().resolve("/druid/v2/sql")
                    + "   (console: " + pipeline.druid().coordinator() + ")");
        }
        out.println("  Ground truth        " + truth);
        out.println();
    }

    /** The repository's root: the nearest folder above the working directory with connect-configs/. */
    static Path repositoryRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("connect-configs")) && Files.isDirectory(dir.resolve("local"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Run this from the Rivulet repository (no connect-configs/ above "
                + Paths.get("").toAbsolutePath() + ")");
    }
}
