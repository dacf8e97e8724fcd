package io.rivulet.connect.http.listen;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 connections whose client started a request but has not finished its headers within the header timeout
 * are closed (slowloris: headers sent a byte at a time never let a connection go idle, so the idle timeout alone
 * would keep them forever). Once a second it looks at each connection's counters: bytes that arrived while no
 * request was being handled start the clock, a request that began stops it. Bodies have their own read timeout.
 */
final class HeaderTimeout extends HttpConnectionFactory implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(HeaderTimeout.class);
    private static final long SWEEP_MS = 1000;

    /** What the sweep saw of one connection. */
    private static final class Watch {
        long requests;
        long bytes;
        long startedMs = -1;
        int handling;
    }

    private final long timeoutMs;
    private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
    private final AtomicLong closed = new AtomicLong();
    private volatile Scheduler.Task sweep;

    HeaderTimeout(HttpConfiguration configuration, long timeoutMs) {
        super(configuration);
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        Connection connection = super.newConnection(connector, endPoint);
        connection.addEventListener(this);
        return connection;
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, new Watch());
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** The handler took a request of this connection: its body and answer are not a header's business. */
    void handling(Connection connection, boolean started) {
        Watch watch = open.get(connection);
        if (watch != null) {
            synchronized (watch) {
                watch.handling += started ? 1 : -1;
                watch.bytes = connection.getBytesIn(); // what the request brought is not the start of another
                watch.startedMs = -1;
            }
        }
    }

    /** Starts the sweeps on the server's scheduler; they end when the connector stops this factory. */
    void sweepWith(Scheduler scheduler) {
        if (isRunning()) {
            sweep = scheduler.schedule(() -> sweep(scheduler), SWEEP_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task task = sweep;
        if (task != null) {
            task.cancel();
        }
        super.doStop();
    }

    /** Connections closed because their headers were too slow. */
    long closedConnections() {
        return closed.get();
    }

    private void sweep(Scheduler scheduler) {
        long now = System.currentTimeMillis();
        open.forEach((connection, watch) -> {
            if (tooSlow(connection, watch, now)) {
                closed.incrementAndGet();
                log.debug("Closing {}: its request headers did not arrive within {} ms", connection, timeoutMs);
                connection.getEndPoint().close();
            }
        });
        sweepWith(scheduler);
    }

    private boolean tooSlow(Connection connection, Watch watch, long now) {
        long requests = connection.getMessagesIn();
        long bytes = connection.getBytesIn();
        synchronized (watch) {
            boolean begun = requests != watch.requests;
            boolean arrived = bytes != watch.bytes;
            watch.requests = requests;
            watch.bytes = bytes;
            if (begun || watch.handling > 0) {
                watch.startedMs = -1;
            } else if (arrived && watch.startedMs < 0) {
                watch.startedMs = now - SWEEP_MS; // the bytes may have come any time since the last sweep
            }
            return watch.startedMs >= 0 && now - watch.startedMs > timeoutMs;
        }
    }
}
