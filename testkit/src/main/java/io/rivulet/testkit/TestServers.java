package io.rivulet.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rivulet.embedded.DruidCluster;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.OrphanReaper;
import io.rivulet.embedded.PostgresServer;
import io.rivulet.embedded.RedisServer;
import io.rivulet.embedded.SchemaRegistryServer;

/**
 * Servers shared by all test classes of one test JVM: started on first use, stopped once by a shutdown hook in the
 * reverse order of start (so Connect workers go before the broker they use). Test classes keep what they create
 * apart by name: their own topics, databases, subjects and Connect group.
 */
public final class TestServers {
    private static final Logger log = LoggerFactory.getLogger(TestServers.class);
    private static final Deque<AutoCloseable> STARTED = new ArrayDeque<>();

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static RedisServer redis;
    private static SchemaRegistryServer registry;
    private static DruidCluster druid;

    static {
        OrphanReaper.shared().reap();
        Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stopAll, "rivulet-testkit-shutdown"));
    }

    private TestServers() {
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = started(KafkaBroker::start);
        }
        return kafka;
    }

    /** The shared PostgreSQL; take a fresh database with {@link PostgresServer#createDatabase}. */
    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = started(() -> PostgresServer.start(false));
        }
        return postgres;
    }

    /** The shared Redis; tests that use it call {@link RedisServer#flushAll()} first. */
    public static synchronized RedisServer redis() {
        if (redis == null) {
            redis = started(RedisServer::start);
        }
        return redis;
    }

    public static synchronized SchemaRegistryServer schemaRegistry() {
        if (registry == null) {
            registry = started(SchemaRegistryServer::start);
        }
        return registry;
    }

    /** The shared Druid (five child JVMs, about 1.5 GB); tests take their own datasources. */
    public static synchronized DruidCluster druid() {
        if (druid == null) {
            druid = started(DruidCluster::start);
        }
        return druid;
    }

    private static <T extends AutoCloseable> T started(Supplier<T> starter) {
        T server = starter.get();
        STARTED.push(server);
        return server;
    }

    static synchronized void stopAll() {
        while (!STARTED.isEmpty()) {
            AutoCloseable server = STARTED.pop();
            try {
                server.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed", server, e);
            }
        }
        kafka = null;
        postgres = null;
        redis = null;
        registry = null;
        druid = null;
    }
}
