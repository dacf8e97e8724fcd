package io.rivulet.connect.http.listen;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import io.rivulet.connect.http.HttpAnswers;

/**
 * A listener's Jetty server: HTTP/1.1 with keep-alive and HTTP/2 (h2c in the clear, h2 by ALPN over TLS),
 * non-blocking reads, idle/header/read timeouts, a connection limit, gzip request bodies, and CORS in front of the
 * events handler when origins are configured. Everything is per server: no JVM-wide setting is touched.
 */
final class ListenerServer {
    /** Headers a page may send (the preflight lists them); Retry-After is readable by the page on a 503. */
    static final Set<String> CORS_REQUEST_HEADERS = Set.of("Authorization", "Content-Type", "Content-Encoding",
            "traceparent", "X-Request-Id");

    private final Server server;
    private final HeaderTimeout headerTimeout;

    private ListenerServer(Server server, HeaderTimeout headerTimeout) {
        this.server = server;
        this.headerTimeout = headerTimeout;
    }

    static ListenerServer start(ServerSettings settings, RequestSettings requests, EventQueue queue,
                                EventRecords records, HttpAnswers answers)
            throws Exception {
        // Acceptor and selector threads come on top of those that handle requests.
        QueuedThreadPool threads = new QueuedThreadPool(settings.threads() + 4, Math.min(4, settings.threads()) + 2);
        threads.setName("rivulet-listener-" + settings.port());
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        server.setStopTimeout(0);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Jetty reuses header fields seen before on a connection, matched ignoring case by default: a token that
        // differs only in case from an earlier one would be read as that one.
        http.setHeaderCacheCaseSensitive(true);
        HeaderTimeout headerTimeout = new HeaderTimeout(http, settings.headerTimeoutMs());
        ServerConnector connector = new ServerConnector(server, 1, 1, connectionFactories(settings, http,
                headerTimeout));
        connector.setHost(settings.bind());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeoutMs());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(settings.maxConnections(), connector));

        Handler handler = new PostedEventsHandler(requests, queue, records, headerTimeout,
                settings.readTimeoutMs());
        GzipHandler gzip = new GzipHandler(handler);
        gzip.setInflateBufferSize(8192); // inflates gzip request bodies; the handler limits the inflated size
        server.setHandler(new AnswerMetricsHandler(answers, cors(requests, gzip)));
        try {
            server.start();
        } catch (Exception e) {
            server.stop(); // a failed start (a port in use) leaves the thread pool running
            throw e;
        }
        headerTimeout.sweepWith(server.getScheduler());
        return new ListenerServer(server, headerTimeout);
    }

    private static ConnectionFactory[] connectionFactories(ServerSettings settings, HttpConfiguration http,
                                                           HeaderTimeout http11) {
        if (settings.tls() == null) {
            return new ConnectionFactory[] {http11, new HTTP2CServerConnectionFactory(http)};
        }
        http.addCustomizer(new SecureRequestCustomizer(false)); // no SNI host check: clients use IPs too
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(settings.tls().keystore());
        tls.setKeyStoreType(settings.tls().keystoreType());
        tls.setKeyStorePassword(settings.tls().keystorePassword());
        if (!settings.tls().keyPassword().isEmpty()) {
            tls.setKeyManagerPassword(settings.tls().keyPassword());
        }
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        return new ConnectionFactory[] {new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
            new HTTP2ServerConnectionFactory(http), http11};
    }

    /** CORS for the configured origins; without any, requests pass as they come (CORS off). */
    private static Handler cors(RequestSettings requests, Handler next) {
        List<String> origins = requests.corsAllowedOrigins();
        if (origins.isEmpty()) {
            return next;
        }
        CrossOriginHandler cors = new CrossOriginHandler();
        Set<String> patterns = new LinkedHashSet<>();
        origins.forEach(origin -> patterns.add(origin.equals("*") ? "*" : Pattern.quote(origin)));
        cors.setAllowedOriginPatterns(patterns);
        cors.setAllowedMethods(Set.of("POST"));
        cors.setAllowedHeaders(CORS_REQUEST_HEADERS);
        cors.setExposedHeaders(Set.of("Retry-After"));
        cors.setPreflightMaxAge(Duration.ofSeconds(requests.corsMaxAgeSeconds()));
        cors.setAllowCredentials(false); // the token is a header the page sets, not a cookie
        cors.setDeliverNonAllowedOriginRequests(false); // a page from another origin writes nothing
        cors.setHandler(next);
        return cors;
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    long slowHeaderConnectionsClosed() {
        return headerTimeout.closedConnections();
    }

    void stop() throws Exception {
        server.stop();
    }
}
