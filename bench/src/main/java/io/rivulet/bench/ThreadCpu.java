package io.rivulet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM's threads over a span, by what they do (the stage a thread belongs to, from the names Kafka,
 * Connect, Kafka Streams, Jetty and the bench give their threads): where a bench's cores went. Processes outside
 * the JVM (Redis, PostgreSQL) are not in it.
 */
final class ThreadCpu {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> before = new HashMap<>();
    private final long processBefore = processNanos();

    private ThreadCpu() {
        for (long id : threads.getAllThreadIds()) {
            before.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
    }

    static ThreadCpu start() {
        return new ThreadCpu();
    }

    /** Cores used by each group since the start, over {@code seconds} of wall time (threads that ended are lost). */
    Map<String, Double> coresSince(double seconds) {
        Map<String, Double> cores = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            long used = now - before.getOrDefault(info.getThreadId(), 0L);
            cores.merge(group(info.getThreadName()), used / 1e9 / seconds, Double::sum);
        }
        // GC and JIT threads are no Java threads: the process's time beyond its Java threads' is theirs.
        double listed = cores.values().stream().mapToDouble(Double::doubleValue).sum();
        cores.put("JVM (GC, JIT)", Math.max(0, (processNanos() - processBefore) / 1e9 / seconds - listed));
        return cores;
    }

    private static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of the live threads whose names contain {@code part} (Kafka Streams puts its application id in all). */
    static long nanosOfThreadsNamed(String part) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().contains(part)) {
                sum += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return sum;
    }

    /** The groups by cores used, largest first. */
    static String describe(Map<String, Double> cores) {
        return cores.entrySet().stream().filter(e -> e.getValue() >= 0.01)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }

    private static String group(String name) {
        if (name.startsWith("flood-client")) {
            return "flood clients";
        }
        if (name.startsWith("rivulet-http-request")) {
            return "pull requests";
        }
        if (name.startsWith("HTTP-Dispatcher") || name.startsWith("shop-api")) {
            return "shop API stub";
        }
        if (name.startsWith("rivulet-listener-")) {
            return "listener HTTP (Jetty)";
        }
        if (name.startsWith("task-thread-")) {
            return "Connect task " + name.substring("task-thread-".length()).replaceAll("-\\d+$", "");
        }
        if (name.contains("StreamThread")) {
            return "aggregator stream threads";
        }
        if (name.startsWith("kafka-producer-network-thread")) {
            return "producer I/O threads";
        }
        if (name.startsWith("data-plane-kafka") || name.startsWith("kafka-") || name.contains("raft")
                || name.contains("quorum") || name.startsWith("ReplicaFetcher") || name.startsWith("log-")
                || name.startsWith("TxnMarker")) {
            return "broker";
        }
        return "other";
    }
}
