package io.rivulet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of this process and every process it started (child JVMs, Redis, PostgreSQL and its backends) over a
 * span, by role: which process of a pipeline spread over processes took the cores. A process is named by its main
 * class or program; several of a role are numbered in the order they started. A process that ends within the span
 * is not in it (the load clients report their own).
 */
final class ProcessCpu {
    private static final Map<String, String> ROLES = Map.of(
            "kafka.Kafka", "broker",
            "org.apache.kafka.connect.cli.ConnectDistributed", "connect worker",
            "io.rivulet.aggregator.AggregatorApp", "aggregator",
            "io.rivulet.bench.PullStub", "pull stub (shop API)",
            "io.rivulet.bench.LoadClient", "load client");

    /** Roles shown as one figure: PostgreSQL's processes together, and the single ones. */
    private static final Set<String> SUMMED = Set.of("postgresql", "redis", "bench coordinator");

    private final Map<Long, Long> before = new HashMap<>();
    private final long startedNanos = System.nanoTime();

    private ProcessCpu() {
        processes().forEach(p -> before.put(p.pid(), cpuNanos(p)));
    }

    static ProcessCpu start() {
        return new ProcessCpu();
    }

    /** Cores each role's processes used since the start (roles with several processes numbered, sorted by name). */
    Map<String, Double> coresByProcess() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        Map<String, Double> cores = new TreeMap<>();
        Map<String, Integer> seen = new HashMap<>();
        List<ProcessHandle> sorted = processes().sorted(Comparator.comparing(p -> p.info().startInstant()
                .orElse(Instant.EPOCH))).toList();
        for (ProcessHandle process : sorted) {
            String role = role(process);
            if (role.startsWith("load client")) {
                continue; // it may end within the span; load clients report their own CPU
            }
            long used = cpuNanos(process) - before.getOrDefault(process.pid(), 0L);
            String name = SUMMED.contains(role) ? role : role + " " + seen.merge(role, 1, Integer::sum);
            cores.merge(name, used / 1e9 / seconds, Double::sum);
        }
        return cores;
    }

    /** "role a: 0.52, role b: 0.31, ... (in all 1.83 of N cores)". */
    static String describe(Map<String, Double> cores) {
        double total = cores.values().stream().mapToDouble(Double::doubleValue).sum();
        return cores.entrySet().stream().map(e -> String.format("%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")) + String.format(" (in all %.2f of %d cores)", total,
                Runtime.getRuntime().availableProcessors());
    }

    private static Stream<ProcessHandle> processes() {
        return Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants());
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /**
     * The process's arguments from /proc (the JDK's {@code Info.arguments()} is empty for a command line as long as
     * a JVM's class path), else from the JDK.
     */
    private static String[] arguments(ProcessHandle process) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            String[] all = cmdline.split("\0");
            return all.length <= 1 ? new String[0] : Arrays.copyOfRange(all, 1, all.length);
        } catch (IOException e) {
            return process.info().arguments().orElse(new String[0]);
        }
    }

    private static String role(ProcessHandle process) {
        if (process.pid() == ProcessHandle.current().pid()) {
            return "bench coordinator";
        }
        String command = process.info().command().orElse("?");
        String program = command.substring(command.lastIndexOf('/') + 1);
        if (program.startsWith("postgres")) {
            return "postgresql";
        }
        if (program.startsWith("redis")) {
            return "redis";
        }
        String[] args = arguments(process);
        for (int i = 0; i < args.length; i++) {
            if (("-cp".equals(args[i]) || "-classpath".equals(args[i])) && i + 2 < args.length) {
                return ROLES.getOrDefault(args[i + 2], args[i + 2]);
            }
        }
        return program;
    }
}
