package io.rivulet.connect.http;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Schema;

import com.fasterxml.jackson.core.JsonPointer;

import io.rivulet.common.CrossChecks;
import io.rivulet.connect.http.pull.Pagination;
import io.rivulet.schemas.AvroSchemaConverter;

/** Configuration of {@link HttpSourceConnector}; {@link #TASK_ENDPOINTS_CONFIG} is added for each task. */
public class HttpSourceConfig extends AbstractConfig {
    private static final String ENDPOINT_GROUP = "Endpoints";
    private static final String AUTH_GROUP = "Authentication";
    private static final String PAGING_GROUP = "Pagination";
    private static final String RESPONSE_GROUP = "Response and retries";
    private static final String RECORD_GROUP = "Records";

    private static final String LISTENER_GROUP = "Listener";

    public static final String ENDPOINT_VARIABLE = "{endpoint}";

    public static final String MODE_CONFIG = "http.mode";
    public static final String MODE_PULL = "pull";
    public static final String MODE_LISTEN = "listen";
    private static final String MODE_DOC = "'pull': read REST endpoints (http.url and the pagination settings). "
            + "'listen': each task runs an HTTP server that takes events POSTed by browsers or services "
            + "(listener.* settings) and answers 202 only once they are written to Kafka.";

    public static final String LISTENER_BIND_CONFIG = "listener.bind";
    private static final String LISTENER_BIND_DOC = "The address the listener binds, e.g. 0.0.0.0 or 127.0.0.1.";
    public static final String LISTENER_PORT_CONFIG = "listener.port";
    private static final String LISTENER_PORT_DOC = "The port of task 0's listener; task i listens on this port "
            + "plus i, so tasks.max=3 uses three consecutive ports on whichever workers run the tasks. Put a load "
            + "balancer that health-checks the workers in front of them: a rebalance can move a task, and its "
            + "port, to another worker.";
    public static final String LISTENER_PATH_CONFIG = "listener.path";
    private static final String LISTENER_PATH_DOC = "The path events are POSTed to.";
    public static final String LISTENER_TOKEN_CONFIG = "listener.token";
    private static final String LISTENER_TOKEN_DOC = "If set, requests must carry 'Authorization: Bearer <token>' "
            + "(else 401).";
    public static final String LISTENER_MAX_BODY_CONFIG = "listener.max.body.bytes";
    private static final String LISTENER_MAX_BODY_DOC = "Largest request body; a larger one is refused with 413.";
    public static final String LISTENER_QUEUE_CONFIG = "listener.queue.size";
    private static final String LISTENER_QUEUE_DOC = "Events received but not yet handed to Connect; when full, "
            + "requests are refused with 503 and Retry-After.";
    public static final String LISTENER_ACK_TIMEOUT_CONFIG = "listener.ack.timeout.ms";
    private static final String LISTENER_ACK_TIMEOUT_DOC = "How long a request waits for its events to be written "
            + "to Kafka before it is answered 503 (the client should retry; its events may arrive twice, so keep "
            + "event ids).";
    public static final String LISTENER_THREADS_CONFIG = "listener.threads";
    private static final String LISTENER_THREADS_DOC = "Requests handled at once (each waits for its write).";
    public static final String LISTENER_EVENT_ID_CONFIG = "listener.event.id.field";
    private static final String LISTENER_EVENT_ID_DOC = "Field filled with a random UUID when an event lacks it; "
            + "empty: none is added.";
    public static final String LISTENER_TIMESTAMP_CONFIG = "listener.timestamp.field";
    private static final String LISTENER_TIMESTAMP_DOC = "Field filled with the receive time (epoch ms) when an "
            + "event lacks it; empty: none is added.";
    public static final String LISTENER_KEYSTORE_CONFIG = "listener.ssl.keystore.location";
    private static final String LISTENER_KEYSTORE_DOC = "A keystore (PKCS12 or JKS) for HTTPS; empty: plain HTTP.";
    public static final String LISTENER_KEYSTORE_TYPE_CONFIG = "listener.ssl.keystore.type";
    private static final String LISTENER_KEYSTORE_TYPE_DOC = "The keystore's type.";
    public static final String LISTENER_KEYSTORE_PASSWORD_CONFIG = "listener.ssl.keystore.password";
    private static final String LISTENER_KEYSTORE_PASSWORD_DOC = "The keystore's password.";
    public static final String LISTENER_KEY_PASSWORD_CONFIG = "listener.ssl.key.password";
    private static final String LISTENER_KEY_PASSWORD_DOC = "The key's password; empty: the keystore's.";

    /** Set by the connector for each task in listen mode: the port that task binds. */
    public static final String TASK_LISTENER_PORT_CONFIG = "task.listener.port";

    public static final String URL_CONFIG = "http.url";
    private static final String URL_DOC = "The API's URL, http or https. It may contain " + ENDPOINT_VARIABLE
            + ", replaced by each name in 'endpoints'. Query parameters for the position (cursor, page, since) and "
            + "the page size are added by the connector.";

    public static final String ENDPOINTS_CONFIG = "endpoints";
    private static final String ENDPOINTS_DOC = "Names of the endpoints to read, e.g. eu,us,apac: each is its own "
            + "source partition with its own position, and the endpoints are spread over tasks.max tasks. Empty: one "
            + "endpoint named 'default' (then the URL and topic must not use " + ENDPOINT_VARIABLE + ").";

    public static final String TOPIC_CONFIG = "topic";
    private static final String TOPIC_DOC = "The topic records are written to; may contain " + ENDPOINT_VARIABLE
            + ".";

    public static final String METHOD_CONFIG = "http.method";
    private static final String METHOD_DOC = "The request method.";

    public static final String HEADERS_CONFIG = "http.headers";
    private static final String HEADERS_DOC = "Extra request headers, each 'Name: value', comma separated.";

    public static final String BODY_CONFIG = "http.body";
    private static final String BODY_DOC = "The request body for POST, sent as application/json.";

    public static final String AUTH_TYPE_CONFIG = "http.auth.type";
    private static final String AUTH_TYPE_DOC = "none, basic (http.auth.user and http.auth.password), bearer "
            + "(http.auth.token) or api_key (http.auth.api.key in the header http.auth.api.key.header).";
    public static final String AUTH_USER_CONFIG = "http.auth.user";
    private static final String AUTH_USER_DOC = "User name for basic authentication.";
    public static final String AUTH_PASSWORD_CONFIG = "http.auth.password";
    private static final String AUTH_PASSWORD_DOC = "Password for basic authentication.";
    public static final String AUTH_TOKEN_CONFIG = "http.auth.token";
    private static final String AUTH_TOKEN_DOC = "Bearer token.";
    public static final String AUTH_API_KEY_HEADER_CONFIG = "http.auth.api.key.header";
    private static final String AUTH_API_KEY_HEADER_DOC = "The header that carries the API key.";
    public static final String AUTH_API_KEY_CONFIG = "http.auth.api.key";
    private static final String AUTH_API_KEY_DOC = "The API key.";

    public static final String PAGINATION_CONFIG = "http.pagination";
    private static final String PAGINATION_DOC = "How the next position is found, and what the source offset "
            + "holds: 'cursor' (a token at http.cursor.pointer in the body, sent back as http.cursor.param), 'link' "
            + "(the URL in the Link: <...>; rel=\"next\" header), 'page' (page numbers from http.page.start in "
            + "http.page.param), 'incrementing' (the largest value of the record field at http.incrementing.pointer, "
            + "sent as http.incrementing.param, e.g. an id or timestamp).";
    public static final String CURSOR_POINTER_CONFIG = "http.cursor.pointer";
    private static final String CURSOR_POINTER_DOC = "JSON Pointer to the next cursor in the response body.";
    public static final String CURSOR_PARAM_CONFIG = "http.cursor.param";
    private static final String CURSOR_PARAM_DOC = "Query parameter that carries the cursor.";
    public static final String PAGE_PARAM_CONFIG = "http.page.param";
    private static final String PAGE_PARAM_DOC = "Query parameter that carries the page number.";
    public static final String PAGE_START_CONFIG = "http.page.start";
    private static final String PAGE_START_DOC = "The first page's number.";
    public static final String INCREMENTING_POINTER_CONFIG = "http.incrementing.pointer";
    private static final String INCREMENTING_POINTER_DOC = "JSON Pointer, within a record, to its incrementing "
            + "field (e.g. /id or /updated_at).";
    public static final String INCREMENTING_PARAM_CONFIG = "http.incrementing.param";
    private static final String INCREMENTING_PARAM_DOC = "Query parameter that asks for records after a value.";
    public static final String INCREMENTING_INITIAL_CONFIG = "http.incrementing.initial";
    private static final String INCREMENTING_INITIAL_DOC = "The value to start after; empty: the parameter is "
            + "left out of the first request.";
    public static final String LIMIT_PARAM_CONFIG = "http.limit.param";
    private static final String LIMIT_PARAM_DOC = "Query parameter for the page size; empty: none is sent.";
    public static final String LIMIT_CONFIG = "http.limit";
    private static final String LIMIT_DOC = "Page size asked for with http.limit.param. With 'page' pagination a page "
            + "with fewer records is read again later from where it ended.";

    public static final String RECORDS_POINTER_CONFIG = "http.records.pointer";
    private static final String RECORDS_POINTER_DOC = "JSON Pointer to the array of records in the response, e.g. "
            + "/data/orders; empty: the body is the array.";
    public static final String MAX_RESPONSE_BYTES_CONFIG = "http.response.max.bytes";
    private static final String MAX_RESPONSE_BYTES_DOC = "Largest response body read; a larger one fails the task.";
    public static final String TIMEOUT_MS_CONFIG = "http.timeout.ms";
    private static final String TIMEOUT_MS_DOC = "Connect and response timeout of a request.";
    public static final String RETRY_MAX_CONFIG = "http.retry.max";
    private static final String RETRY_MAX_DOC = "Retries of a request after an I/O error, a timeout, a 5xx, a 429 or "
            + "a body that is not JSON, before the task fails.";
    public static final String RETRY_BACKOFF_MS_CONFIG = "http.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "First wait before a retry; it doubles per retry, with "
            + "jitter, up to http.retry.backoff.max.ms. A 429's Retry-After overrides it.";
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "http.retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest wait between retries.";
    public static final String RATE_LIMIT_CONFIG = "http.rate.limit.rps";
    private static final String RATE_LIMIT_DOC = "Most requests per second per task; 0: no limit.";
    public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";
    private static final String POLL_INTERVAL_MS_DOC = "How long to wait before asking again once an endpoint has "
            + "no new records.";

    public static final String SCHEMA_FILE_CONFIG = "record.schema.file";
    private static final String SCHEMA_FILE_DOC = "An Avro schema (.avsc) the records are converted to (as Connect "
            + "Structs, timestamp-millis as Connect Timestamp). Empty, and no inline schema: schemaless records.";
    public static final String SCHEMA_INLINE_CONFIG = "record.schema.inline";
    private static final String SCHEMA_INLINE_DOC = "The Avro schema as JSON text, instead of a file.";
    public static final String KEY_POINTER_CONFIG = "record.key.pointer";
    private static final String KEY_POINTER_DOC = "JSON Pointer, within a record, to the value used as the record "
            + "key (as text), e.g. /customer_id; empty: no key.";
    public static final String TIMESTAMP_POINTER_CONFIG = "record.timestamp.pointer";
    private static final String TIMESTAMP_POINTER_DOC = "JSON Pointer, within a record, to its event time (epoch "
            + "milliseconds or ISO-8601), used as the Kafka record timestamp; empty: the time it was read.";
    public static final String INVALID_SUFFIX_CONFIG = "invalid.topic.suffix";
    private static final String INVALID_SUFFIX_DOC = "A record that does not fit the schema goes, as JSON text, to "
            + "the topic plus this suffix, with headers naming the field and the reason (as the Validate transform "
            + "does).";

    /** Set by the connector for each task: the endpoints that task reads. */
    public static final String TASK_ENDPOINTS_CONFIG = "task.endpoints";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(MODE_CONFIG, Type.STRING, MODE_PULL, ValidString.in(MODE_PULL, MODE_LISTEN), Importance.HIGH,
                    MODE_DOC, ENDPOINT_GROUP, 0, Width.SHORT, "Mode")
            .define(URL_CONFIG, Type.STRING, "", Importance.HIGH, URL_DOC, ENDPOINT_GROUP, 1, Width.LONG, "URL")
            .define(ENDPOINTS_CONFIG, Type.LIST, "", Importance.MEDIUM, ENDPOINTS_DOC, ENDPOINT_GROUP, 2,
                    Width.MEDIUM, "Endpoints")
            .define(TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyString(), Importance.HIGH,
                    TOPIC_DOC, ENDPOINT_GROUP, 3, Width.MEDIUM, "Topic")
            .define(METHOD_CONFIG, Type.STRING, "GET", ValidString.in("GET", "POST"), Importance.LOW, METHOD_DOC,
                    ENDPOINT_GROUP, 4, Width.SHORT, "Method")
            .define(HEADERS_CONFIG, Type.LIST, "", Importance.LOW, HEADERS_DOC, ENDPOINT_GROUP, 5, Width.LONG,
                    "Headers")
            .define(BODY_CONFIG, Type.STRING, "", Importance.LOW, BODY_DOC, ENDPOINT_GROUP, 6, Width.LONG, "Body")
            .define(AUTH_TYPE_CONFIG, Type.STRING, "none", ValidString.in("none", "basic", "bearer", "api_key"),
                    Importance.HIGH, AUTH_TYPE_DOC, AUTH_GROUP, 1, Width.SHORT, "Authentication")
            .define(AUTH_USER_CONFIG, Type.STRING, "", Importance.MEDIUM, AUTH_USER_DOC, AUTH_GROUP, 2,
                    Width.MEDIUM, "User")
            .define(AUTH_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, AUTH_PASSWORD_DOC, AUTH_GROUP, 3,
                    Width.MEDIUM, "Password")
            .define(AUTH_TOKEN_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, AUTH_TOKEN_DOC, AUTH_GROUP, 4,
                    Width.MEDIUM, "Bearer token")
            .define(AUTH_API_KEY_HEADER_CONFIG, Type.STRING, "X-API-Key", Importance.LOW, AUTH_API_KEY_HEADER_DOC,
                    AUTH_GROUP, 5, Width.MEDIUM, "API key header")
            .define(AUTH_API_KEY_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, AUTH_API_KEY_DOC, AUTH_GROUP, 6,
                    Width.MEDIUM, "API key")
            .define(PAGINATION_CONFIG, Type.STRING, "cursor", ValidString.in(Pagination.names()), Importance.HIGH,
                    PAGINATION_DOC, PAGING_GROUP, 1, Width.SHORT, "Pagination")
            .define(CURSOR_POINTER_CONFIG, Type.STRING, "/next_cursor", new PointerValidator(), Importance.MEDIUM,
                    CURSOR_POINTER_DOC, PAGING_GROUP, 2, Width.MEDIUM, "Cursor pointer")
            .define(CURSOR_PARAM_CONFIG, Type.STRING, "cursor", new NonEmptyString(), Importance.MEDIUM,
                    CURSOR_PARAM_DOC, PAGING_GROUP, 3, Width.SHORT, "Cursor parameter")
            .define(PAGE_PARAM_CONFIG, Type.STRING, "page", new NonEmptyString(), Importance.MEDIUM,
                    PAGE_PARAM_DOC, PAGING_GROUP, 4, Width.SHORT, "Page parameter")
            .define(PAGE_START_CONFIG, Type.INT, 1, Range.atLeast(0), Importance.LOW, PAGE_START_DOC, PAGING_GROUP,
                    5, Width.SHORT, "First page")
            .define(INCREMENTING_POINTER_CONFIG, Type.STRING, "", new PointerValidator(), Importance.MEDIUM,
                    INCREMENTING_POINTER_DOC, PAGING_GROUP, 6, Width.MEDIUM, "Incrementing field")
            .define(INCREMENTING_PARAM_CONFIG, Type.STRING, "since", new NonEmptyString(), Importance.MEDIUM,
                    INCREMENTING_PARAM_DOC, PAGING_GROUP, 7, Width.SHORT, "Incrementing parameter")
            .define(INCREMENTING_INITIAL_CONFIG, Type.STRING, "", Importance.LOW, INCREMENTING_INITIAL_DOC,
                    PAGING_GROUP, 8, Width.SHORT, "Start after")
            .define(LIMIT_PARAM_CONFIG, Type.STRING, "", Importance.LOW, LIMIT_PARAM_DOC, PAGING_GROUP, 9,
                    Width.SHORT, "Page size parameter")
            .define(LIMIT_CONFIG, Type.INT, 100, Range.atLeast(1), Importance.LOW, LIMIT_DOC, PAGING_GROUP, 10,
                    Width.SHORT, "Page size")
            .define(RECORDS_POINTER_CONFIG, Type.STRING, "", new PointerValidator(), Importance.HIGH,
                    RECORDS_POINTER_DOC, RESPONSE_GROUP, 1, Width.MEDIUM, "Records pointer")
            .define(MAX_RESPONSE_BYTES_CONFIG, Type.INT, 16 * 1024 * 1024, Range.atLeast(1024), Importance.LOW,
                    MAX_RESPONSE_BYTES_DOC, RESPONSE_GROUP, 2, Width.SHORT, "Largest response")
            .define(TIMEOUT_MS_CONFIG, Type.INT, 30_000, Range.atLeast(1), Importance.MEDIUM, TIMEOUT_MS_DOC,
                    RESPONSE_GROUP, 3, Width.SHORT, "Timeout (ms)")
            .define(RETRY_MAX_CONFIG, Type.INT, 10, Range.atLeast(0), Importance.MEDIUM, RETRY_MAX_DOC,
                    RESPONSE_GROUP, 4, Width.SHORT, "Retries")
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
                    RETRY_BACKOFF_MS_DOC, RESPONSE_GROUP, 5, Width.SHORT, "Backoff (ms)")
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                    RETRY_BACKOFF_MAX_MS_DOC, RESPONSE_GROUP, 6, Width.SHORT, "Longest backoff (ms)")
            .define(RATE_LIMIT_CONFIG, Type.DOUBLE, 0.0, Range.atLeast(0), Importance.LOW, RATE_LIMIT_DOC,
                    RESPONSE_GROUP, 7, Width.SHORT, "Requests per second")
            .define(POLL_INTERVAL_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(1), Importance.MEDIUM,
                    POLL_INTERVAL_MS_DOC, RESPONSE_GROUP, 8, Width.SHORT, "Poll interval (ms)")
            .define(SCHEMA_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM, SCHEMA_FILE_DOC, RECORD_GROUP, 1,
                    Width.LONG, "Schema file")
            .define(SCHEMA_INLINE_CONFIG, Type.STRING, "", Importance.MEDIUM, SCHEMA_INLINE_DOC, RECORD_GROUP, 2,
                    Width.LONG, "Inline schema")
            .define(KEY_POINTER_CONFIG, Type.STRING, "", new PointerValidator(), Importance.MEDIUM,
                    KEY_POINTER_DOC, RECORD_GROUP, 3, Width.MEDIUM, "Key pointer")
            .define(TIMESTAMP_POINTER_CONFIG, Type.STRING, "", new PointerValidator(), Importance.MEDIUM,
                    TIMESTAMP_POINTER_DOC, RECORD_GROUP, 4, Width.MEDIUM, "Timestamp pointer")
            .define(INVALID_SUFFIX_CONFIG, Type.STRING, ".invalid", new NonEmptyString(), Importance.LOW,
                    INVALID_SUFFIX_DOC, RECORD_GROUP, 5, Width.SHORT, "Invalid topic suffix")
            .define(LISTENER_BIND_CONFIG, Type.STRING, "0.0.0.0", new NonEmptyString(), Importance.MEDIUM,
                    LISTENER_BIND_DOC, LISTENER_GROUP, 1, Width.MEDIUM, "Bind address")
            .define(LISTENER_PORT_CONFIG, Type.INT, 8088, Range.between(1, 65535), Importance.HIGH,
                    LISTENER_PORT_DOC, LISTENER_GROUP, 2, Width.SHORT, "Port")
            .define(LISTENER_PATH_CONFIG, Type.STRING, "/events", new NonEmptyString(), Importance.MEDIUM,
                    LISTENER_PATH_DOC, LISTENER_GROUP, 3, Width.MEDIUM, "Path")
            .define(LISTENER_TOKEN_CONFIG, Type.PASSWORD, "", Importance.HIGH, LISTENER_TOKEN_DOC, LISTENER_GROUP, 4,
                    Width.MEDIUM, "Bearer token")
            .define(LISTENER_MAX_BODY_CONFIG, Type.INT, 1024 * 1024, Range.atLeast(64), Importance.LOW,
                    LISTENER_MAX_BODY_DOC, LISTENER_GROUP, 5, Width.SHORT, "Largest body")
            .define(LISTENER_QUEUE_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.LOW, LISTENER_QUEUE_DOC,
                    LISTENER_GROUP, 6, Width.SHORT, "Queue size")
            .define(LISTENER_ACK_TIMEOUT_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                    LISTENER_ACK_TIMEOUT_DOC, LISTENER_GROUP, 7, Width.SHORT, "Write timeout (ms)")
            .define(LISTENER_THREADS_CONFIG, Type.INT, 64, Range.between(1, 4096), Importance.LOW,
                    LISTENER_THREADS_DOC, LISTENER_GROUP, 8, Width.SHORT, "Threads")
            .define(LISTENER_EVENT_ID_CONFIG, Type.STRING, "event_id", Importance.LOW, LISTENER_EVENT_ID_DOC,
                    LISTENER_GROUP, 9, Width.SHORT, "Event id field")
            .define(LISTENER_TIMESTAMP_CONFIG, Type.STRING, "timestamp", Importance.LOW, LISTENER_TIMESTAMP_DOC,
                    LISTENER_GROUP, 10, Width.SHORT, "Timestamp field")
            .define(LISTENER_KEYSTORE_CONFIG, Type.STRING, "", Importance.MEDIUM, LISTENER_KEYSTORE_DOC,
                    LISTENER_GROUP, 11, Width.LONG, "Keystore")
            .define(LISTENER_KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"),
                    Importance.LOW, LISTENER_KEYSTORE_TYPE_DOC, LISTENER_GROUP, 12, Width.SHORT, "Keystore type")
            .define(LISTENER_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
                    LISTENER_KEYSTORE_PASSWORD_DOC, LISTENER_GROUP, 13, Width.MEDIUM, "Keystore password")
            .define(LISTENER_KEY_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW, LISTENER_KEY_PASSWORD_DOC,
                    LISTENER_GROUP, 14, Width.MEDIUM, "Key password");

    /** The task-level definition: the connector's plus the endpoints assigned to the task. */
    static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .define(TASK_ENDPOINTS_CONFIG, Type.LIST, "", Importance.HIGH,
                    "Endpoints of this task (set by the connector).")
            .define(TASK_LISTENER_PORT_CONFIG, Type.INT, 0, Importance.HIGH,
                    "The port this task listens on (set by the connector).");

    public HttpSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    HttpSourceConfig(ConfigDef definition, Map<String, String> props) {
        super(definition, props);
    }

    static HttpSourceConfig forTask(Map<String, String> props) {
        return new HttpSourceConfig(TASK_CONFIG_DEF, props);
    }

    /** Endpoint names; one named 'default' when none are configured. */
    public List<String> endpoints() {
        List<String> names = getList(ENDPOINTS_CONFIG);
        return names.isEmpty() ? List.of("default") : names;
    }

    public boolean listenMode() {
        return MODE_LISTEN.equals(getString(MODE_CONFIG));
    }

    public List<String> taskEndpoints() {
        return getList(TASK_ENDPOINTS_CONFIG);
    }

    public String url(String endpoint) {
        return getString(URL_CONFIG).replace(ENDPOINT_VARIABLE, endpoint);
    }

    public String topic(String endpoint) {
        return getString(TOPIC_CONFIG).replace(ENDPOINT_VARIABLE, endpoint);
    }

    public Pagination pagination() {
        return Pagination.of(getString(PAGINATION_CONFIG));
    }

    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header : getList(HEADERS_CONFIG)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return headers;
    }

    public String password(String key) {
        Password password = getPassword(key);
        return password == null ? "" : password.value();
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS_CONFIG));
    }

    /** The record schema, or null for schemaless records. */
    public Schema recordSchema() {
        String avsc = avscText();
        return avsc == null ? null : AvroSchemaConverter.toConnect(AvroSchemaConverter.parse(avsc));
    }

    private String avscText() {
        String inline = getString(SCHEMA_INLINE_CONFIG);
        String file = getString(SCHEMA_FILE_CONFIG);
        if (!inline.isBlank()) {
            return inline;
        }
        if (file.isBlank()) {
            return null;
        }
        try {
            return Files.readString(Paths.get(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(SCHEMA_FILE_CONFIG, file, "cannot be read: " + e);
        }
    }

    /**
     * Checks that need several keys or the file system; returns errors per key, for the connector's validate() and
     * for start().
     */
    public Map<String, List<String>> crossChecks() {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (listenMode()) {
            listenChecks(errors);
        } else {
            pullChecks(errors);
        }
        if (!getString(SCHEMA_INLINE_CONFIG).isBlank() && !getString(SCHEMA_FILE_CONFIG).isBlank()) {
            CrossChecks.report(errors, SCHEMA_INLINE_CONFIG, "give the schema inline or as a file, not both");
        } else {
            String key = getString(SCHEMA_INLINE_CONFIG).isBlank() ? SCHEMA_FILE_CONFIG : SCHEMA_INLINE_CONFIG;
            try {
                Schema schema = recordSchema();
                if (schema != null && schema.type() != Schema.Type.STRUCT) {
                    CrossChecks.report(errors, key, "the schema must be an Avro record");
                }
            } catch (ConfigException | IllegalArgumentException e) {
                CrossChecks.report(errors, key, e.getMessage());
            }
        }
        if (getLong(RETRY_BACKOFF_MAX_MS_CONFIG) < getLong(RETRY_BACKOFF_MS_CONFIG)) {
            CrossChecks.report(errors, RETRY_BACKOFF_MAX_MS_CONFIG, "is less than " + RETRY_BACKOFF_MS_CONFIG);
        }
        return errors;
    }

    private void pullChecks(Map<String, List<String>> errors) {
        if (getString(URL_CONFIG).isBlank()) {
            CrossChecks.report(errors, URL_CONFIG, "pull mode needs the API's URL");
            return;
        }
        List<String> endpoints = getList(ENDPOINTS_CONFIG);
        String url = getString(URL_CONFIG);
        if (endpoints.isEmpty() && url.contains(ENDPOINT_VARIABLE)) {
            CrossChecks.report(errors, URL_CONFIG, "uses " + ENDPOINT_VARIABLE + " but 'endpoints' is empty");
        }
        if (endpoints.isEmpty() && getString(TOPIC_CONFIG).contains(ENDPOINT_VARIABLE)) {
            CrossChecks.report(errors, TOPIC_CONFIG, "uses " + ENDPOINT_VARIABLE + " but 'endpoints' is empty");
        }
        if (endpoints.stream().distinct().count() != endpoints.size()) {
            CrossChecks.report(errors, ENDPOINTS_CONFIG, "names an endpoint twice");
        }
        for (String endpoint : endpoints()) {
            String problem = urlProblem(url(endpoint));
            if (problem != null) {
                CrossChecks.report(errors, URL_CONFIG, problem);
                break;
            }
        }
        if (url.replace(ENDPOINT_VARIABLE, "").matches(".*\\{[^}]*}.*")) {
            CrossChecks.report(errors, URL_CONFIG, "the only variable the URL may use is " + ENDPOINT_VARIABLE);
        }
        for (String header : getList(HEADERS_CONFIG)) {
            if (header.indexOf(':') < 1) {
                CrossChecks.report(errors, HEADERS_CONFIG, "'" + header + "' is not 'Name: value'");
            }
        }
        String auth = getString(AUTH_TYPE_CONFIG);
        if (auth.equals("basic") && getString(AUTH_USER_CONFIG).isEmpty()) {
            CrossChecks.report(errors, AUTH_USER_CONFIG, "basic authentication needs a user");
        }
        if (auth.equals("bearer") && password(AUTH_TOKEN_CONFIG).isEmpty()) {
            CrossChecks.report(errors, AUTH_TOKEN_CONFIG, "bearer authentication needs a token");
        }
        if (auth.equals("api_key") && password(AUTH_API_KEY_CONFIG).isEmpty()) {
            CrossChecks.report(errors, AUTH_API_KEY_CONFIG, "api_key authentication needs a key");
        }
        if (pagination() == Pagination.INCREMENTING && getString(INCREMENTING_POINTER_CONFIG).isEmpty()) {
            CrossChecks.report(errors, INCREMENTING_POINTER_CONFIG,
                    "incrementing pagination needs the field's pointer");
        }
        if (pagination() == Pagination.CURSOR && getString(CURSOR_POINTER_CONFIG).isEmpty()) {
            CrossChecks.report(errors, CURSOR_POINTER_CONFIG, "cursor pagination needs the cursor's pointer");
        }
    }

    private void listenChecks(Map<String, List<String>> errors) {
        if (getString(TOPIC_CONFIG).contains(ENDPOINT_VARIABLE)) {
            CrossChecks.report(errors, TOPIC_CONFIG,
                    "listen mode has no endpoints, so " + ENDPOINT_VARIABLE + " cannot be used");
        }
        if (!getString(LISTENER_PATH_CONFIG).startsWith("/")) {
            CrossChecks.report(errors, LISTENER_PATH_CONFIG, "must start with /");
        }
        String keystore = getString(LISTENER_KEYSTORE_CONFIG);
        if (!keystore.isEmpty() && !Files.isReadable(Paths.get(keystore))) {
            CrossChecks.report(errors, LISTENER_KEYSTORE_CONFIG, "'" + keystore + "' cannot be read");
        }
    }

    private static String urlProblem(String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                return "'" + url + "' is not an http or https URL";
            }
            if (uri.getHost() == null) {
                return "'" + url + "' has no host";
            }
            return null;
        } catch (URISyntaxException e) {
            return "'" + url + "' is not a URL: " + e.getReason();
        }
    }

    /** A JSON Pointer (RFC 6901) or empty. */
    static final class PointerValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String pointer = value == null ? "" : value.toString();
            if (pointer.isEmpty()) {
                return;
            }
            try {
                JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "not a JSON Pointer (e.g. /data/orders): " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a JSON Pointer such as /data/orders, or empty";
        }
    }
}
