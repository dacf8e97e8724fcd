package io.rivulet.embedded;

import java.io.IOException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.Jedis;

/** A real redis-server (unpacked from the embedded-redis jar) on a free loopback port. */
public final class RedisServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisServer.class);

    private final redis.embedded.RedisServer server;
    private final int port;
    private boolean running;
    private long pid;

    private final String password;

    private RedisServer(redis.embedded.RedisServer server, int port, String password) {
        this.server = server;
        this.port = port;
        this.password = password;
    }

    public static RedisServer start() {
        return start(null);
    }

    /** A server that requires {@code password} (AUTH), or none when it is null. */
    public static RedisServer start(String password) {
        return start(password, false);
    }

    /**
     * A server that keeps its data across {@link #stop()} and {@link #restart()} (an append-only file written
     * on every command, as a production Redis with persistence), for tests that restart it under load.
     */
    public static RedisServer startDurable() {
        return start(null, true);
    }

    private static RedisServer start(String password, boolean durable) {
        long started = System.nanoTime();
        int port = Ports.free();
        try {
            Path dir = durable ? WorkDirs.fresh("redis") : null;
            redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer()
                    .port(port).bind("127.0.0.1")
                    .setting("save \"\"")
                    .settingIf(!durable, "appendonly no")
                    .settingIf(durable, "appendonly yes")
                    .settingIf(durable, "appendfsync always")
                    .settingIf(durable, "dir " + dir)
                    .settingIf(password != null, "requirepass " + password)
                    .build();
            RedisServer redis = new RedisServer(server, port, password);
            redis.startServer();
            log.info("Redis 127.0.0.1:{} up in {} ms", port, (System.nanoTime() - started) / 1_000_000);
            return redis;
        } catch (IOException | RuntimeException e) {
            throw new ServerStartException("Redis", port, null, String.valueOf(e.getMessage()), e);
        }
    }

    private void startServer() throws IOException {
        server.start();
        running = true;
        pid = serverPid();
        OrphanReaper.shared().register(pid, "redis-server");
    }

    /** The server's own pid, from {@code INFO server}: the library does not expose its process. */
    private long serverPid() {
        try (Jedis jedis = client()) {
            return jedis.info("server").lines().filter(l -> l.startsWith("process_id:"))
                    .mapToLong(l -> Long.parseLong(l.substring("process_id:".length()).trim()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("INFO server has no process_id"));
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, as the RedisEnrich SMT's {@code redis.uri} takes it. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Jedis client() {
        Jedis jedis = new Jedis("127.0.0.1", port);
        if (password != null) {
            jedis.auth(password);
        }
        return jedis;
    }

    public void flushAll() {
        try (Jedis jedis = client()) {
            jedis.flushAll();
        }
    }

    /** Stops the server, e.g. to test what a plugin does when Redis goes away. */
    public synchronized void stop() {
        if (running) {
            try {
                server.stop();
                OrphanReaper.shared().unregister(pid);
            } catch (IOException e) {
                log.warn("Stopping Redis on port {} failed", port, e);
            }
            running = false;
        }
    }

    /** Starts a stopped server again on the same port. */
    public synchronized void restart() {
        if (!running) {
            try {
                startServer();
            } catch (IOException e) {
                throw new ServerStartException("Redis", port, null, "restart failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        stop();
        log.info("Redis 127.0.0.1:{} stopped", port);
    }
}
