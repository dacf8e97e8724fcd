package io.rivulet.connect.http;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;

import io.rivulet.common.CrossChecks;
import io.rivulet.connect.http.listen.RequestSettings;
import io.rivulet.connect.http.listen.ServerSettings;

/** Configuration of {@link HttpListenerSourceConnector}; {@link #TASK_LISTENER_PORT_CONFIG} is added per task. */
public class HttpListenerSourceConfig extends HttpRecordsConfig {
    private static final String LISTENER_GROUP = "Listener";

    public static final String LISTENER_BIND_CONFIG = "listener.bind";
    public static final String LISTENER_PORT_CONFIG = "listener.port";
    public static final String LISTENER_PATH_CONFIG = "listener.path";
    public static final String LISTENER_TOKEN_CONFIG = "listener.token";
    public static final String LISTENER_MAX_BODY_CONFIG = "listener.max.body.bytes";
    public static final String LISTENER_MAX_EVENT_CONFIG = "listener.max.event.bytes";
    public static final String LISTENER_QUEUE_CONFIG = "listener.queue.size";
    public static final String LISTENER_ACK_TIMEOUT_CONFIG = "listener.ack.timeout.ms";
    public static final String LISTENER_THREADS_CONFIG = "listener.threads";
    public static final String LISTENER_EVENT_ID_CONFIG = "listener.event.id.field";
    public static final String LISTENER_TIMESTAMP_CONFIG = "listener.timestamp.field";
    public static final String LISTENER_KEYSTORE_CONFIG = "listener.ssl.keystore.location";
    public static final String LISTENER_KEYSTORE_TYPE_CONFIG = "listener.ssl.keystore.type";
    public static final String LISTENER_KEYSTORE_PASSWORD_CONFIG = "listener.ssl.keystore.password";
    public static final String LISTENER_KEY_PASSWORD_CONFIG = "listener.ssl.key.password";
    public static final String LISTENER_IDLE_TIMEOUT_CONFIG = "listener.idle.timeout.ms";
    public static final String LISTENER_HEADER_TIMEOUT_CONFIG = "listener.header.timeout.ms";
    public static final String LISTENER_READ_TIMEOUT_CONFIG = "listener.read.timeout.ms";
    public static final String LISTENER_MAX_CONNECTIONS_CONFIG = "listener.max.connections";
    public static final String LISTENER_CORS_ORIGINS_CONFIG = "listener.cors.allowed.origins";
    public static final String LISTENER_CORS_MAX_AGE_CONFIG = "listener.cors.max.age.seconds";
    public static final String LISTENER_DEDUP_WINDOW_CONFIG = "listener.dedup.window.ms";
    public static final String LISTENER_DEDUP_MAX_IDS_CONFIG = "listener.dedup.max.ids";

    /** Set by the connector for each task: the port that task binds. */
    public static final String TASK_LISTENER_PORT_CONFIG = "task.listener.port";

    public static final ConfigDef CONFIG_DEF = baseConfigDef("The topic events are written to.", LISTENER_GROUP)
            .define(LISTENER_BIND_CONFIG, Type.STRING, "0.0.0.0", new NonEmptyString(), Importance.MEDIUM,
                    "The address the listener binds, e.g. 0.0.0.0 or 127.0.0.1.",
                    LISTENER_GROUP, 1, Width.MEDIUM, "Bind address")
            .define(LISTENER_PORT_CONFIG, Type.INT, 8088, Range.between(1, 65535), Importance.HIGH,
                    "The port of task 0's listener; task i listens on this port plus i, so tasks.max=3 uses three "
                            + "consecutive ports on whichever workers run the tasks. Put a load balancer that "
                            + "health-checks the workers in front of them: a rebalance can move a task, and its port, "
                            + "to another worker.",
                    LISTENER_GROUP, 2, Width.SHORT, "Port")
            .define(LISTENER_PATH_CONFIG, Type.STRING, "/events", new NonEmptyString(), Importance.MEDIUM,
                    "The path events are POSTed to.", LISTENER_GROUP, 3, Width.MEDIUM, "Path")
            .define(LISTENER_TOKEN_CONFIG, Type.PASSWORD, "", Importance.HIGH,
                    "If set, requests must carry 'Authorization: Bearer <token>' (else 401).",
                    LISTENER_GROUP, 4,
                    Width.MEDIUM, "Bearer token")
            .define(LISTENER_MAX_BODY_CONFIG, Type.INT, 1024 * 1024, Range.atLeast(64), Importance.LOW,
                    "Largest request body; a larger one is refused with 413.",
                    LISTENER_GROUP, 5, Width.SHORT, "Largest body")
            .define(LISTENER_QUEUE_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "Events received but not yet handed to Connect; when full, requests are refused with 503 and "
                            + "Retry-After. A request with more events than this is refused with 413.",
                    LISTENER_GROUP, 6, Width.SHORT, "Queue size")
            .define(LISTENER_ACK_TIMEOUT_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                    "How long a request waits for its events to be written to Kafka before it is answered 503 (the "
                            + "client should retry; its events may arrive twice, so keep event ids).",
                    LISTENER_GROUP, 7, Width.SHORT, "Write timeout (ms)")
            .define(LISTENER_THREADS_CONFIG, Type.INT, 16, Range.between(1, 1024), Importance.LOW,
                    "Threads that read and parse requests. Reading is non-blocking and a request waiting for its "
                            + "write holds no thread, so a few per core are plenty.",
                    LISTENER_GROUP, 8, Width.SHORT, "Threads")
            .define(LISTENER_EVENT_ID_CONFIG, Type.STRING, "event_id", Importance.LOW,
                    "Field filled with a random UUID when an event lacks it; empty: none is added.",
                    LISTENER_GROUP, 9, Width.SHORT, "Event id field")
            .define(LISTENER_TIMESTAMP_CONFIG, Type.STRING, "timestamp", Importance.LOW,
                    "Field filled with the receive time (epoch ms) when an event lacks it; empty: none is added.",
                    LISTENER_GROUP, 10, Width.SHORT, "Timestamp field")
            .define(LISTENER_KEYSTORE_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "A keystore (PKCS12 or JKS) for HTTPS; empty: plain HTTP.",
                    LISTENER_GROUP, 11, Width.LONG, "Keystore")
            .define(LISTENER_KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"),
                    Importance.LOW, "The keystore's type.", LISTENER_GROUP, 12, Width.SHORT, "Keystore type")
            .define(LISTENER_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
                    "The keystore's password.", LISTENER_GROUP, 13, Width.MEDIUM, "Keystore password")
            .define(LISTENER_KEY_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW,
                    "The key's password; empty: the keystore's.",
                    LISTENER_GROUP, 14, Width.MEDIUM, "Key password")
            .define(LISTENER_IDLE_TIMEOUT_CONFIG, Type.LONG, 30_000L, Range.atLeast(100), Importance.LOW,
                    "A connection that sends nothing for this long is closed (a kept-alive connection between "
                            + "requests, too).",
                    LISTENER_GROUP, 15, Width.SHORT, "Idle timeout (ms)")
            .define(LISTENER_HEADER_TIMEOUT_CONFIG, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
                    "Once a request has started, its headers must arrive within this time, else the connection is "
                            + "closed (clients that send headers a byte at a time hold no thread, but would hold the "
                            + "connection forever).",
                    LISTENER_GROUP, 16, Width.SHORT, "Header timeout (ms)")
            .define(LISTENER_READ_TIMEOUT_CONFIG, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
                    "A request's body must arrive within this time after its headers, else it is answered 408.",
                    LISTENER_GROUP, 17, Width.SHORT, "Read timeout (ms)")
            .define(LISTENER_MAX_CONNECTIONS_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "Connections open at once; further clients wait to be accepted until one closes.",
                    LISTENER_GROUP, 18, Width.SHORT, "Most connections")
            .define(LISTENER_CORS_ORIGINS_CONFIG, Type.LIST, "", new CorsOrigins(), Importance.HIGH,
                    "Origins whose pages may POST events from the browser, e.g. https://shop.example.com "
                            + "(scheme, host and port as the browser sends them in Origin). Preflights are answered, "
                            + "every answer carries Access-Control-Allow-Origin and the page can read it; a request "
                            + "from an origin not listed is refused with 400 and writes nothing. * allows every "
                            + "origin, only without a token. Empty: CORS off (browsers can then only send "
                            + "fire-and-forget beacons).",
                    LISTENER_GROUP, 19, Width.LONG, "CORS allowed origins")
            .define(LISTENER_CORS_MAX_AGE_CONFIG, Type.INT, 600, Range.between(0, 86_400), Importance.LOW,
                    "How long browsers may cache a preflight's answer (Access-Control-Max-Age).",
                    LISTENER_GROUP, 20, Width.SHORT, "CORS max age (s)")
            .define(LISTENER_DEDUP_WINDOW_CONFIG, Type.LONG, 300_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How long an event id (listener.event.id.field) is remembered: a retried request whose events "
                            + "carry ids written within this time is acknowledged without writing them again. Per "
                            + "task: a retry that reaches another task is written again. 0: off.",
                    LISTENER_GROUP, 21, Width.SHORT, "Dedup window (ms)")
            .define(LISTENER_DEDUP_MAX_IDS_CONFIG, Type.INT, 200_000, Range.atLeast(1), Importance.LOW,
                    "How many of the newest event ids a task remembers at least (and at most twice as many, "
                            + "about 75 bytes each for UUIDs); older ones are forgotten first, which shortens the "
                            + "dedup window under heavy traffic.",
                    LISTENER_GROUP, 22, Width.SHORT, "Dedup ids")
            .define(LISTENER_MAX_EVENT_CONFIG, Type.INT, 256 * 1024, Range.atLeast(64), Importance.LOW,
                    "Largest event (its JSON text); a request holding a larger one is refused with 413 naming it. "
                            + "Keep it well under the producer's max.request.size (1 MiB by default): a record "
                            + "over that cannot be written anywhere and would fail the task.",
                    LISTENER_GROUP, 23, Width.SHORT, "Largest event");

    /** The task-level definition: the connector's plus the port assigned to the task. */
    static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .define(TASK_LISTENER_PORT_CONFIG, Type.INT, 0, Importance.HIGH,
                    "The port this task listens on (set by the connector).");

    public HttpListenerSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private HttpListenerSourceConfig(ConfigDef definition, Map<String, String> props) {
        super(definition, props);
    }

    public static HttpListenerSourceConfig forTask(Map<String, String> props) {
        return new HttpListenerSourceConfig(TASK_CONFIG_DEF, props);
    }

    /** How the task's server accepts connections: address, port, threads, timeouts and TLS. */
    public ServerSettings serverSettings() {
        String keystore = getString(LISTENER_KEYSTORE_CONFIG);
        return new ServerSettings(getString(LISTENER_BIND_CONFIG), getInt(TASK_LISTENER_PORT_CONFIG),
                getInt(LISTENER_THREADS_CONFIG), getLong(LISTENER_IDLE_TIMEOUT_CONFIG),
                getLong(LISTENER_HEADER_TIMEOUT_CONFIG), getLong(LISTENER_READ_TIMEOUT_CONFIG),
                getInt(LISTENER_MAX_CONNECTIONS_CONFIG), keystore.isEmpty() ? null
                        : new ServerSettings.TlsSettings(keystore, getString(LISTENER_KEYSTORE_TYPE_CONFIG),
                                password(LISTENER_KEYSTORE_PASSWORD_CONFIG), password(LISTENER_KEY_PASSWORD_CONFIG)));
    }

    /** What the task's listener accepts: path, token, limits, CORS, filled-in fields and dedup. */
    public RequestSettings requestSettings() {
        return new RequestSettings(getString(LISTENER_PATH_CONFIG), password(LISTENER_TOKEN_CONFIG),
                getInt(LISTENER_MAX_BODY_CONFIG), getInt(LISTENER_MAX_EVENT_CONFIG), getInt(LISTENER_QUEUE_CONFIG),
                getLong(LISTENER_ACK_TIMEOUT_CONFIG),
                getList(LISTENER_CORS_ORIGINS_CONFIG), getInt(LISTENER_CORS_MAX_AGE_CONFIG),
                getString(LISTENER_EVENT_ID_CONFIG), getString(LISTENER_TIMESTAMP_CONFIG),
                getLong(LISTENER_DEDUP_WINDOW_CONFIG), getInt(LISTENER_DEDUP_MAX_IDS_CONFIG));
    }

    @Override
    public Map<String, List<String>> crossChecks() {
        Map<String, List<String>> errors = recordChecks();
        if (getString(TOPIC_CONFIG).contains(ENDPOINT_VARIABLE)) {
            CrossChecks.report(errors, TOPIC_CONFIG,
                    "the listener has no endpoints, so " + ENDPOINT_VARIABLE + " cannot be used");
        }
        if (!getString(LISTENER_PATH_CONFIG).startsWith("/")) {
            CrossChecks.report(errors, LISTENER_PATH_CONFIG, "must start with /");
        }
        if ("/health".equals(getString(LISTENER_PATH_CONFIG))) {
            CrossChecks.report(errors, LISTENER_PATH_CONFIG, "/health answers load balancers' health checks");
        }
        if (getList(LISTENER_CORS_ORIGINS_CONFIG).contains("*") && !password(LISTENER_TOKEN_CONFIG).isEmpty()) {
            CrossChecks.report(errors, LISTENER_CORS_ORIGINS_CONFIG, "* cannot be used with " + LISTENER_TOKEN_CONFIG
                    + ": a token in every page of every site is no secret; list the shop's origins");
        }
        String keystore = getString(LISTENER_KEYSTORE_CONFIG);
        if (!keystore.isEmpty() && !Files.isReadable(Paths.get(keystore))) {
            CrossChecks.report(errors, LISTENER_KEYSTORE_CONFIG, "'" + keystore + "' cannot be read");
        }
        return errors;
    }
}
