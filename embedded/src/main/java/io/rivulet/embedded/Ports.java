package io.rivulet.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers that cannot bind port 0 themselves. They are chosen below the kernel's ephemeral
 * range: a port from that range, free when chosen, can be taken as the local port of any outgoing connection
 * (the many Kafka clients of a test) before the server binds it, which failed a listener's start now and then.
 */
public final class Ports {
    private static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Ports handed out by this JVM: not handed out twice before their servers bind them. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** The first of {@code count} consecutive free ports, for connectors whose task i listens on port + i. */
    public static int freeRange(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = free();
            if (first + count - 1 <= 65535 && allFree(first + 1, count - 1)) {
                return first;
            }
        }
        throw new IllegalStateException("No " + count + " consecutive free loopback ports");
    }

    private static boolean allFree(int from, int count) {
        for (int port = from; port < from + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    public static int free() {
        int highest = ephemeralLow() - 1;
        if (highest - LOWEST >= 1000) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
                if (!HANDED_OUT.contains(port) && allFree(port, 1) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /**
     * The first port of the kernel's ephemeral range (32768 where it cannot be read). Read by lines: on some
     * kernels (this sandbox's) a whole-file read of a /proc file returns only its first byte.
     */
    private static int ephemeralLow() {
        try {
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
