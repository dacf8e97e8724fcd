package io.rivulet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

import org.apache.kafka.common.TopicPartition;

import io.rivulet.aggregator.AggregatorConfig;
import io.rivulet.embedded.ChildJvm;
import io.rivulet.embedded.Ports;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.local.LocalConfigs;
import io.rivulet.local.LocalPipeline;
import io.rivulet.schemas.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The pipeline spread over processes as on a bigger machine: one broker, N Connect workers, M aggregator instances,
 * K load clients posting clicks to the listener, and a pull stub (the shop APIs) whose orders the pull connector
 * reads, each a child JVM (Redis and PostgreSQL are processes too). A fixed volume is sent after a warm-up round;
 * the bench prints events/s per stage, the latencies the article promises (POST to readable, window close to row)
 * measured under that load, the cores each process used, and last {@code ratio=<pipeline events/s / bare producers
 * events/s>}, the baseline being K producer JVMs writing as many events to a topic of as many partitions in the
 * same run.
 * <p>Without options the configuration follows the machine's cores ({@link Plan#forCores}); each option overrides
 * one figure.
 * <p>Over 300 lines on purpose: a benchmark is a script, set-up, each measurement and its baseline read top to bottom
 * in one file.
 */
@Command(name = "bench/scale.sh", sortOptions = false,
        description = "Runs the pipeline over child JVMs and prints events/s per stage, latencies, CPU per process "
                + "and ratio=<pipeline events/s / bare producers events/s>.")
public final class ScaleBench implements Callable<Integer> {
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /**
     * A 1 GB heap and, as Kafka's connect-distributed.sh runs a worker, G1 with short pauses; below 4 cores the
     * serial collector, since G1's concurrent threads took a fifth of the listener's rate on 2 shared cores.
     */
    private static final List<String> WORKER_JVM = Runtime.getRuntime().availableProcessors() < 4
            ? List.of("-Xmx1g", "-XX:+UseSerialGC")
            : List.of("-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    @Parameters(index = "0", description = "the plugin archives (local/target/plugin-zips)", hidden = true)
    private Path zips;
    @Parameters(index = "1", description = "the connector configs (connect-configs)", hidden = true)
    private Path configs;
    @Option(names = "--cores", description = "cores to plan for (default: this machine's, ${DEFAULT-VALUE})")
    private int cores = Runtime.getRuntime().availableProcessors();
    @Option(names = "--workers", description = "Connect workers (default: cores / 4, at least 1)")
    private Integer workers;
    @Option(names = "--listener-tasks", description = "listener tasks, one port each (default: cores / 2)")
    private Integer listenerTasks;
    @Option(names = "--pull-endpoints", description = "shop APIs, one pull task each (default: cores / 8)")
    private Integer pullEndpoints;
    @Option(names = "--aggregators", description = "aggregator instances (default: (cores / 2 + 1) / 3)")
    private Integer aggregators;
    @Option(names = "--clients", description = "load client JVMs (default: cores / 4)")
    private Integer clients;
    @Option(names = "--connections", description = "keep-alive connections per load client (default: 64)")
    private Integer connections;
    @Option(names = "--partitions", description = "partitions of each input topic (default: 4 per aggregator)")
    private Integer partitions;
    @Option(names = "--events", description = "events in the measured round (default: 500,000 per core)")
    private Long events;
    @Option(names = "--orders-share", description = "share of the events that are pulled orders (default: 0.1)")
    private double ordersShare = 0.1;

    /** How many of each process, and the volume. */
    record Plan(int workers, int listenerTasks, int pullEndpoints, int aggregators, int clients, int connections,
                int partitions, long events) {
        /**
         * From the capacity model (docs/capacity.md): on one machine every process shares the cores, so one worker
         * per 4 cores with two listener tasks each, a pull endpoint per 8 cores, an aggregator per 6 cores (its thread
         * takes more events per core than the listener), four partitions per aggregator, a load client JVM per 4
         * cores; 2 cores give one of each and 4 partitions.
         */
        static Plan forCores(int cores) {
            int units = Math.max(1, cores / 2);
            int aggregators = Math.max(1, (units + 1) / 3);
            return new Plan(Math.max(1, units / 2), units, Math.max(1, units / 4), aggregators, Math.max(1, units / 2),
                    64, 4 * aggregators, 500_000L * Math.max(2, cores));
        }
    }

    private ScaleBench() {
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new ScaleBench()).execute(args);
        System.exit(exit); // the pipeline's HTTP client pools are not daemon threads
    }

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        System.out.printf("%nPlan for %d cores (this machine has %d): %s%n", cores,
                Runtime.getRuntime().availableProcessors(), plan);
        try (LocalPipeline pipeline = new LocalPipeline(new LocalPipeline.Options(WINDOW, GRACE, 1, 7L,
                Duration.ZERO, false, configs, zips, plan.partitions()))) {
            pipeline.startServices(LocalPipeline.Cluster.processes(plan.workers(), WORKER_JVM));
            Path work = WorkDirs.fresh("scale");
            Path stubTarget = work.resolve("orders-target");
            Path stubPorts = work.resolve("shop-ports");
            ChildJvm stub = ChildJvm.start(PullStub.class.getName(), List.of("-Xmx512m"), List.of(
                    Integer.toString(plan.pullEndpoints()), LocalPipeline.SHOP_TOKEN, stubPorts.toString(),
                    stubTarget.toString()), work.resolve("pull-stub.log"));
            try {
                Waits.until("the pull stub's ports", Duration.ofMinutes(1), () -> Files.exists(stubPorts));
                int listenerPort = Ports.freeRange(plan.listenerTasks());
                deploy(pipeline, plan, String.join(",", Files.readAllLines(stubPorts)), listenerPort);
                List<ChildJvm> aggregatorJvms = startAggregators(pipeline, plan, work);
                try {
                    return measure(pipeline, plan, work, stubTarget,
                            URI.create("http://127.0.0.1:" + listenerPort + "/events"));
                } finally {
                    aggregatorJvms.forEach(ChildJvm::stop);
                }
            } finally {
                stub.stop();
            }
        }
    }

    private Plan plan() {
        Plan derived = Plan.forCores(cores);
        return new Plan(or(workers, derived.workers()), or(listenerTasks, derived.listenerTasks()),
                or(pullEndpoints, derived.pullEndpoints()), or(aggregators, derived.aggregators()),
                or(clients, derived.clients()), or(connections, derived.connections()),
                or(partitions, derived.partitions()), events == null ? derived.events() : events);
    }

    private static int or(Integer chosen, int derived) {
        return chosen == null ? derived : chosen;
    }

    /** The users' connector configs, with as many tasks as planned: one per shop API, one per listener port. */
    private static void deploy(LocalPipeline pipeline, Plan plan, String shopPorts, int listenerPort) {
        List<Path> files = pipeline.writeConfigs();
        for (Path file : files) {
            switch (LocalPipeline.connectorName(file)) {
                case "orders-http-source" -> LocalConfigs.amend(file, Map.of(
                        "http.url", "http://127.0.0.1:{endpoint}/orders", "endpoints", shopPorts,
                        "tasks.max", Integer.toString(plan.pullEndpoints())));
                case "clicks-http-listener" -> LocalConfigs.amend(file, Map.of(
                        "listener.port", Integer.toString(listenerPort),
                        "tasks.max", Integer.toString(plan.listenerTasks())));
                default -> { }
            }
        }
        pipeline.deploy(files);
    }

    private static List<ChildJvm> startAggregators(LocalPipeline pipeline, Plan plan, Path work) {
        List<ChildJvm> started = new ArrayList<>();
        List<Path> ready = new ArrayList<>();
        for (int i = 1; i <= plan.aggregators(); i++) {
            Path readyFile = work.resolve("aggregator-" + i + ".ready");
            ready.add(readyFile);
            started.add(pipeline.startAggregatorProcess(Integer.toString(i), Map.of(
                    AggregatorConfig.READY_FILE_CONFIG, readyFile.toString()), List.of("-Xmx512m")));
        }
        Waits.until("every aggregator instance to be RUNNING", Duration.ofMinutes(3),
                () -> ready.stream().allMatch(Files::exists));
        return started;
    }

    private int measure(LocalPipeline pipeline, Plan plan, Path work, Path stubTarget, URI listener)
            throws Exception {
        long ordersPerEndpoint = Math.round(plan.events() * ordersShare / plan.pullEndpoints());
        long orders = ordersPerEndpoint * plan.pullEndpoints();
        long clicksPerClient = (plan.events() - orders) / plan.clients() / FloodClients.BATCH * FloodClients.BATCH;

        AggregatorLag lags = new AggregatorLag(pipeline);
        // Orders are counted as they arrive (a tenth of the volume); clicks after the run, since a 202 already means
        // committed in the topic and reading every click beside the load would take cores from it.
        TopicTally tally = new TopicTally(pipeline.kafka(), List.of(Topics.ORDERS_CREATED), ProbeClicks.USER);
        tally.start();
        // Warm-up, not timed: class loading and the JIT in every JVM, the listener's and the pull's first pages.
        long warmUpPerEndpoint = ordersPerEndpoint / 5;
        long warmUpOrders = warmUpPerEndpoint * plan.pullEndpoints();
        Round warmUp = Round.launch(work, "warm-up", plan.clients(), listenerClient(plan, listener,
                clicksPerClient / 5, "warm-up"));
        warmUp.go();
        raiseOrders(stubTarget, warmUpPerEndpoint);
        warmUp.await();
        Waits.until("the warm-up's orders in their topic", TIMEOUT,
                () -> tally.count(Topics.ORDERS_CREATED) >= warmUpOrders);
        Waits.until("the aggregator to catch up after the warm-up", TIMEOUT, lags::now,
                lag -> lag == 0);

        Map<TopicPartition, Long> clicksFrom = TopicTally.ends(pipeline.kafka(), Topics.CLICKSTREAM_EVENTS);
        ProbeClicks probes = new ProbeClicks(pipeline, listener);
        WindowCloseWatch windows = new WindowCloseWatch(pipeline, WINDOW, GRACE);
        Round round = Round.launch(work, "measured", plan.clients(), listenerClient(plan, listener, clicksPerClient,
                "measured"));
        ProcessCpu cpu = ProcessCpu.start();
        probes.start();
        windows.start();
        lags.startSampling();
        long t0 = round.go();
        raiseOrders(stubTarget, warmUpPerEndpoint + ordersPerEndpoint);
        List<Properties> clientResults = round.await();
        double clientsDone = (System.nanoTime() - t0) / 1e9;
        long acknowledged = sum(clientResults, "acknowledged");
        Waits.until("every order in its topic", TIMEOUT,
                () -> tally.count(Topics.ORDERS_CREATED) >= warmUpOrders + orders);
        long lagAtEnd = lags.now();
        Waits.until("the aggregator to read every event", TIMEOUT, lags::now, lag -> lag == 0);
        double aggregated = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> cores = cpu.coresByProcess();
        lags.stopSampling();
        lags.close();
        Thread.sleep(WINDOW.plus(GRACE).toMillis() + 3_000); // the last windows close and reach PostgreSQL
        probes.stop();
        windows.stop();
        tally.stop();
        long clicks = TopicTally.countSince(pipeline.kafka(), clicksFrom, ProbeClicks.USER);
        long ordersWritten = tally.count(Topics.ORDERS_CREATED) - warmUpOrders;
        long posted = clicksPerClient * plan.clients();
        if (acknowledged != posted || clicks != acknowledged || ordersWritten != orders) {
            throw new IllegalStateException(String.format("not a valid run: %,d clicks to post, %,d acknowledged, %,d "
                    + "written; %,d orders served, %,d written", posted, acknowledged, clicks, orders, ordersWritten));
        }
        double pipelineRate = (clicks + orders) / aggregated;
        double producers = baseline(pipeline, plan, work, clicks + orders);

        System.out.printf("%nPipeline over processes: 1 broker, %d Connect worker(s), %d aggregator(s), %d load "
                + "client(s) x %d connections, %d pull endpoint(s), %d partitions per input topic; JSON converter, "
                + "windows of %d s + %d s grace%n", plan.workers(), plan.aggregators(), plan.clients(),
                plan.connections(), plan.pullEndpoints(), plan.partitions(), WINDOW.toSeconds(), GRACE.toSeconds());
        System.out.println("| stage | result | article KPI |");
        System.out.println("|---|---|---|");
        System.out.printf("| volume | %,d events: %,d clicks POSTed, %,d orders pulled | |%n", clicks + orders,
                clicks, orders);
        System.out.printf("| load clients -> listener tasks -> clickstream.events (a 202 once committed) | %,.0f "
                + "events/s (%,d arrays refused with 503 and posted again) | |%n", acknowledged / span(clientResults),
                sum(clientResults, "refused"));
        System.out.printf("| pull tasks -> ecommerce.orders.created | %,.0f events/s (%d task(s)) | |%n",
                orders / tally.secondsToLast(Topics.ORDERS_CREATED, t0), plan.pullEndpoints());
        System.out.printf("| aggregator (every event read and committed) | %,.0f events/s | >= 1M msg/s scaled out |%n",
                pipelineRate);
        System.out.printf("| aggregator lag | %s | |%n", lags.describe(lagAtEnd, clientsDone));
        System.out.printf("| POST -> readable in clickstream.events, under load | %s | < 500 ms end to end |%n",
                probes.latencies.describe("probes"));
        System.out.printf("| window close -> row in PostgreSQL, under load | %s | < 500 ms end to end |%n",
                windows.latencies.describe("windows"));
        System.out.printf("| cores by process, until the aggregator had read everything | %s | |%n",
                ProcessCpu.describe(withClients(cores, clientResults, aggregated)));
        System.out.printf("| baseline: %d bare KafkaProducer JVM(s), as many JSON events | %,.0f events/s | |%n",
                plan.clients(), producers);
        System.out.printf("ratio=%.3f%n", pipelineRate / producers);
        return 0;
    }

    /** The baseline: each load client JVM's share of the volume written by a bare KafkaProducer, all at once. */
    private static double baseline(LocalPipeline pipeline, Plan plan, Path work, long events) throws Exception {
        String topic = "bench.scale.producer-baseline";
        pipeline.kafka().createTopic(topic, plan.partitions());
        Round producers = Round.launch(work, "baseline", plan.clients(), c -> List.of("producer",
                pipeline.kafka().bootstrapServers(), topic, Long.toString(events / plan.clients()), "baseline-" + c));
        producers.go();
        List<Properties> done = producers.await();
        return sum(done, "acknowledged") / span(done);
    }

    /** Load client c's arguments for a closed-loop flood of the listener with {@code clicks} clicks. */
    private static IntFunction<List<String>> listenerClient(Plan plan, URI listener, long clicks, String round) {
        return c -> List.of("listener", listener.toString(), Integer.toString(plan.listenerTasks()),
                Integer.toString(plan.connections()), Long.toString(clicks), round + "-" + c);
    }

    /** Lets the pull stub's shops hold {@code ordersPerEndpoint} orders each, created as the connector reads. */
    private static void raiseOrders(Path stubTarget, long ordersPerEndpoint) throws IOException {
        Files.writeString(stubTarget, Long.toString(ordersPerEndpoint));
    }

    /** One round of load: K load client JVMs ({@link LoadClient}) started and waiting for the go file. */
    private record Round(List<ChildJvm> clients, List<Path> results, Path goFile) {
        /**
         * Starts {@code count} load clients, client c (from 1) with {@code args.apply(c)} (its mode first), and
         * waits until each JVM is up and waiting, so that start-up is not timed.
         */
        static Round launch(Path work, String name, int count, IntFunction<List<String>> args) {
            List<ChildJvm> clients = new ArrayList<>();
            List<Path> results = new ArrayList<>();
            Path go = work.resolve("go-" + name);
            for (int c = 1; c <= count; c++) {
                Path result = work.resolve(name + "-client-" + c + ".properties");
                results.add(result);
                List<String> arguments = new ArrayList<>(args.apply(c));
                arguments.addAll(List.of(go.toString(), result.toString()));
                clients.add(ChildJvm.start(LoadClient.class.getName(), List.of("-Xmx256m"), arguments,
                        work.resolve(name + "-client-" + c + ".log")));
            }
            for (int i = 0; i < count; i++) {
                Path ready = LoadClient.readyFile(results.get(i));
                ChildJvm client = clients.get(i);
                Waits.until("load client " + client + " to start", Duration.ofMinutes(2),
                        () -> Files.exists(ready) || !client.isAlive());
                if (!client.isAlive()) {
                    throw new IllegalStateException("load client " + client + " ended (" + client.exit() + ")");
                }
            }
            return new Round(clients, results, go);
        }

        /** Starts the clients; returns when (System.nanoTime()). */
        long go() throws IOException {
            long t0 = System.nanoTime();
            Files.createFile(goFile);
            return t0;
        }

        /** Each client's result, once it has written it; the clients are stopped. */
        List<Properties> await() throws IOException {
            List<Properties> done = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                Path file = results.get(i);
                ChildJvm client = clients.get(i);
                Waits.until("load client " + client + " to finish", TIMEOUT,
                        () -> Files.exists(file) || !client.isAlive());
                if (!Files.exists(file)) {
                    throw new IllegalStateException("load client " + client + " ended (" + client.exit()
                            + ") without a result; see its log");
                }
                Properties result = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    result.load(in);
                }
                done.add(result);
                client.stop(30);
            }
            return done;
        }
    }

    private static long sum(List<Properties> results, String key) {
        return results.stream().mapToLong(r -> Long.parseLong(r.getProperty(key))).sum();
    }

    /** Seconds from the first client's start to the last client's end. */
    private static double span(List<Properties> results) {
        long start = results.stream().mapToLong(r -> Long.parseLong(r.getProperty("start.ms"))).min().orElseThrow();
        long end = results.stream().mapToLong(r -> Long.parseLong(r.getProperty("end.ms"))).max().orElseThrow();
        return Math.max(1, end - start) / 1000.0;
    }

    /** The processes' cores plus each load client's, which it measured itself, over {@code seconds}. */
    private static Map<String, Double> withClients(Map<String, Double> cores, List<Properties> clients,
                                                   double seconds) {
        Map<String, Double> all = new java.util.TreeMap<>(cores);
        for (int c = 0; c < clients.size(); c++) {
            all.put("load client " + (c + 1), Long.parseLong(clients.get(c).getProperty("cpu.ms")) / 1000.0 / seconds);
        }
        return all;
    }
}
