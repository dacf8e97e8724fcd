package io.rivulet.connect.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;

import com.fasterxml.jackson.core.JsonPointer;

import io.rivulet.common.Backoff;
import io.rivulet.common.ConfigEnums;
import io.rivulet.common.CrossChecks;
import io.rivulet.connect.http.pull.AuthType;
import io.rivulet.connect.http.pull.CursorRepeat;
import io.rivulet.connect.http.pull.EndpointReader;
import io.rivulet.connect.http.pull.IncrementingCompare;
import io.rivulet.connect.http.pull.OAuth2Client;
import io.rivulet.connect.http.pull.OAuth2ClientAuth;
import io.rivulet.connect.http.pull.PageFetcher;
import io.rivulet.connect.http.pull.Pagination;
import io.rivulet.connect.http.pull.Position;
import io.rivulet.connect.http.pull.RequestPacer;
import io.rivulet.connect.http.pull.Urls;

/** Configuration of {@link HttpPullSourceConnector}; {@link #TASK_ENDPOINTS_CONFIG} is added for each task.
 * <p>Over 300 lines on purpose: most of it is the ConfigDef, one documented define() per key, as in Kafka's
 * MirrorSourceConfig; the components built from it follow.
 */
public class HttpPullSourceConfig extends HttpRecordsConfig {
    private static final String ENDPOINT_GROUP = "Endpoints";
    private static final String AUTH_GROUP = "Authentication";
    private static final String PAGING_GROUP = "Pagination";
    private static final String RESPONSE_GROUP = "Response and retries";

    private static final String TOPIC_DOC = "The topic records are written to; may contain " + ENDPOINT_VARIABLE
            + ".";
    public static final String URL_CONFIG = "http.url";
    private static final String URL_DOC = "The API's URL, http or https. It may contain " + ENDPOINT_VARIABLE
            + ", replaced by each name in 'endpoints'. Query parameters for the position (cursor, page, since) and "
            + "the page size are added by the connector.";
    public static final String ENDPOINTS_CONFIG = "endpoints";
    private static final String ENDPOINTS_DOC = "Names of the endpoints to read, e.g. eu,us,apac: each is its own "
            + "source partition with its own position, and the endpoints are spread over tasks.max tasks. Empty: one "
            + "endpoint named 'default' (then the URL and topic must not use " + ENDPOINT_VARIABLE + ").";
    public static final String METHOD_CONFIG = "http.method";
    public static final String HEADERS_CONFIG = "http.headers";
    public static final String BODY_CONFIG = "http.body";
    public static final String AUTH_TYPE_CONFIG = "http.auth.type";
    public static final String AUTH_USER_CONFIG = "http.auth.user";
    public static final String AUTH_PASSWORD_CONFIG = "http.auth.password";
    public static final String AUTH_TOKEN_CONFIG = "http.auth.token";
    public static final String AUTH_API_KEY_HEADER_CONFIG = "http.auth.api.key.header";
    public static final String AUTH_API_KEY_CONFIG = "http.auth.api.key";
    public static final String OAUTH2_TOKEN_URL_CONFIG = "http.auth.oauth2.token.url";
    public static final String OAUTH2_CLIENT_ID_CONFIG = "http.auth.oauth2.client.id";
    public static final String OAUTH2_CLIENT_SECRET_CONFIG = "http.auth.oauth2.client.secret";
    public static final String OAUTH2_SCOPE_CONFIG = "http.auth.oauth2.scope";
    public static final String OAUTH2_CLIENT_AUTH_CONFIG = "http.auth.oauth2.client.auth";
    public static final String PAGINATION_CONFIG = "http.pagination";
    public static final String CURSOR_POINTER_CONFIG = "http.cursor.pointer";
    public static final String CURSOR_PARAM_CONFIG = "http.cursor.param";
    public static final String PAGE_PARAM_CONFIG = "http.page.param";
    public static final String PAGE_START_CONFIG = "http.page.start";
    public static final String INCREMENTING_POINTER_CONFIG = "http.incrementing.pointer";
    public static final String INCREMENTING_PARAM_CONFIG = "http.incrementing.param";
    public static final String INCREMENTING_INITIAL_CONFIG = "http.incrementing.initial";
    public static final String INCREMENTING_COMPARE_CONFIG = "http.incrementing.compare";
    public static final String CURSOR_ON_REPEAT_CONFIG = "http.cursor.on.repeat";
    public static final String LIMIT_PARAM_CONFIG = "http.limit.param";
    public static final String LIMIT_CONFIG = "http.limit";
    public static final String RECORDS_POINTER_CONFIG = "http.records.pointer";
    public static final String MAX_RESPONSE_BYTES_CONFIG = "http.response.max.bytes";
    public static final String TIMEOUT_MS_CONFIG = "http.timeout.ms";
    public static final String RETRY_MAX_CONFIG = "http.retry.max";
    public static final String RETRY_BACKOFF_MS_CONFIG = "http.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "http.retry.backoff.max.ms";
    public static final String RATE_LIMIT_CONFIG = "http.rate.limit.rps";
    public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";
    public static final String POLL_INTERVAL_MAX_MS_CONFIG = "poll.interval.max.ms";

    /** Set by the connector for each task: the endpoints that task reads. */
    public static final String TASK_ENDPOINTS_CONFIG = "task.endpoints";

    public static final ConfigDef CONFIG_DEF = baseConfigDef(TOPIC_DOC, ENDPOINT_GROUP)
            .define(URL_CONFIG, Type.STRING, "", Importance.HIGH, URL_DOC, ENDPOINT_GROUP, 1, Width.LONG, "URL")
            .define(ENDPOINTS_CONFIG, Type.LIST, "", Importance.MEDIUM, ENDPOINTS_DOC, ENDPOINT_GROUP, 2,
                    Width.MEDIUM, "Endpoints")
            .define(METHOD_CONFIG, Type.STRING, "GET", ValidString.in("GET", "POST"), Importance.LOW,
                    "The request method.",
                    ENDPOINT_GROUP, 4, Width.SHORT, "Method")
            .define(HEADERS_CONFIG, Type.LIST, "", Importance.LOW,
                    "Extra request headers, each 'Name: value', comma separated.",
                    ENDPOINT_GROUP, 5, Width.LONG,
                    "Headers")
            .define(BODY_CONFIG, Type.STRING, "", Importance.LOW,
                    "The request body for POST, sent as application/json.",
                    ENDPOINT_GROUP, 6, Width.LONG, "Body")
            .define(AUTH_TYPE_CONFIG, Type.STRING, "none", ConfigEnums.validator(AuthType.class), Importance.HIGH,
                    "none, basic (http.auth.user and http.auth.password), bearer (http.auth.token), api_key "
                            + "(http.auth.api.key in the header http.auth.api.key.header) or oauth2 (a bearer token "
                            + "from http.auth.oauth2.token.url by client credentials, fetched again before it "
                            + "expires and once when the API answers 401).",
                    AUTH_GROUP, 1, Width.SHORT, "Authentication",
                    ConfigEnums.recommender(AuthType.class))
            .define(AUTH_USER_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "User name for basic authentication.",
                    AUTH_GROUP, 2,
                    Width.MEDIUM, "User")
            .define(AUTH_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
                    "Password for basic authentication.",
                    AUTH_GROUP, 3,
                    Width.MEDIUM, "Password")
            .define(AUTH_TOKEN_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, "Bearer token.", AUTH_GROUP, 4,
                    Width.MEDIUM, "Bearer token")
            .define(AUTH_API_KEY_HEADER_CONFIG, Type.STRING, "X-API-Key", Importance.LOW,
                    "The header that carries the API key.",
                    AUTH_GROUP, 5, Width.MEDIUM, "API key header")
            .define(AUTH_API_KEY_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, "The API key.", AUTH_GROUP, 6,
                    Width.MEDIUM, "API key")
            .define(OAUTH2_TOKEN_URL_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "The OAuth 2.0 token endpoint (http or https) for http.auth.type=oauth2.",
                    AUTH_GROUP, 7, Width.LONG, "OAuth2 token URL")
            .define(OAUTH2_CLIENT_ID_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "The OAuth 2.0 client id.", AUTH_GROUP, 8, Width.MEDIUM, "OAuth2 client id")
            .define(OAUTH2_CLIENT_SECRET_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
                    "The OAuth 2.0 client secret; sent only to the token endpoint.",
                    AUTH_GROUP, 9, Width.MEDIUM, "OAuth2 client secret")
            .define(OAUTH2_SCOPE_CONFIG, Type.STRING, "", Importance.LOW,
                    "Scopes to ask for, space separated; empty: none is sent.",
                    AUTH_GROUP, 10, Width.MEDIUM, "OAuth2 scope")
            .define(OAUTH2_CLIENT_AUTH_CONFIG, Type.STRING, "basic", ConfigEnums.validator(OAuth2ClientAuth.class),
                    Importance.LOW,
                    "How the client id and secret reach the token endpoint: 'basic' (an Authorization: Basic "
                            + "header, client_secret_basic) or 'post' (form fields, client_secret_post).",
                    AUTH_GROUP, 11, Width.SHORT, "OAuth2 client authentication",
                    ConfigEnums.recommender(OAuth2ClientAuth.class))
            .define(PAGINATION_CONFIG, Type.STRING, "cursor", ConfigEnums.validator(Pagination.class),
                    Importance.HIGH,
                    "How the next position is found, and what the source offset holds: 'cursor' (a token at "
                            + "http.cursor.pointer in the body, sent back as http.cursor.param), 'link' (the URL in "
                            + "the Link: <...>; rel=\"next\" header), 'page' (page numbers from http.page.start in "
                            + "http.page.param), 'incrementing' (the largest value of the record field at "
                            + "http.incrementing.pointer, sent as http.incrementing.param, e.g. an id or timestamp).",
                    PAGING_GROUP, 1, Width.SHORT, "Pagination",
                    ConfigEnums.recommender(Pagination.class))
            .define(CURSOR_POINTER_CONFIG, Type.STRING, "/next_cursor", new JsonPointerValidator(),
                    Importance.MEDIUM,
                    "JSON Pointer to the next cursor in the response body.",
                    PAGING_GROUP, 2, Width.MEDIUM, "Cursor pointer")
            .define(CURSOR_PARAM_CONFIG, Type.STRING, "cursor", new NonEmptyString(), Importance.MEDIUM,
                    "Query parameter that carries the cursor.", PAGING_GROUP, 3, Width.SHORT, "Cursor parameter")
            .define(PAGE_PARAM_CONFIG, Type.STRING, "page", new NonEmptyString(), Importance.MEDIUM,
                    "Query parameter that carries the page number.", PAGING_GROUP, 4, Width.SHORT, "Page parameter")
            .define(PAGE_START_CONFIG, Type.INT, 1, Range.atLeast(0), Importance.LOW,
                    "The first page's number.",
                    PAGING_GROUP,
                    5, Width.SHORT, "First page")
            .define(INCREMENTING_POINTER_CONFIG, Type.STRING, "", new JsonPointerValidator(), Importance.MEDIUM,
                    "JSON Pointer, within a record, to its incrementing field (e.g. /id or /updated_at).",
                    PAGING_GROUP, 6, Width.MEDIUM, "Incrementing field")
            .define(INCREMENTING_PARAM_CONFIG, Type.STRING, "since", new NonEmptyString(), Importance.MEDIUM,
                    "Query parameter that asks for records after a value.",
                    PAGING_GROUP, 7, Width.SHORT, "Incrementing parameter")
            .define(INCREMENTING_INITIAL_CONFIG, Type.STRING, "", Importance.LOW,
                    "The value to start after; empty: the parameter is left out of the first request.",
                    PAGING_GROUP, 8, Width.SHORT, "Start after")
            .define(INCREMENTING_COMPARE_CONFIG, Type.STRING, "greater",
                    ConfigEnums.validator(IncrementingCompare.class), Importance.MEDIUM,
                    "Which records the API returns for http.incrementing.param: 'greater' (values above it; the "
                            + "values must be unique, such as an id, or records sharing a value across a page "
                            + "boundary are lost) or 'greater_or_equal' (values from it on; for values that repeat, "
                            + "such as a timestamp: the offset counts the records with the last value already "
                            + "written and the next request skips them).",
                    PAGING_GROUP, 9, Width.SHORT, "Incrementing comparison",
                    ConfigEnums.recommender(IncrementingCompare.class))
            .define(CURSOR_ON_REPEAT_CONFIG, Type.STRING, "fail", ConfigEnums.validator(CursorRepeat.class),
                    Importance.MEDIUM,
                    "What to do when the API's next cursor (or next link) is one this task already requested "
                            + "since it last caught up, or the current one again after a full page "
                            + "(http.limit records): 'fail' the task naming the request and both cursors, "
                            + "'restart' the endpoint from its start position (its records are written again), or "
                            + "'ignore' and follow the API. The current cursor after a page that is not full means "
                            + "caught up.",
                    PAGING_GROUP, 10, Width.SHORT, "On a repeated cursor",
                    ConfigEnums.recommender(CursorRepeat.class))
            .define(LIMIT_PARAM_CONFIG, Type.STRING, "", Importance.LOW,
                    "Query parameter for the page size; empty: none is sent.",
                    PAGING_GROUP, 11,
                    Width.SHORT, "Page size parameter")
            .define(LIMIT_CONFIG, Type.INT, 100, Range.atLeast(1), Importance.LOW,
                    "Page size asked for with http.limit.param. With 'page' pagination a page with fewer records is "
                            + "read again later from where it ended.",
                    PAGING_GROUP, 12,
                    Width.SHORT, "Page size")
            .define(RECORDS_POINTER_CONFIG, Type.STRING, "", new JsonPointerValidator(), Importance.HIGH,
                    "JSON Pointer to the array of records in the response, e.g. /data/orders; empty: the body is the "
                            + "array.",
                    RESPONSE_GROUP, 1, Width.MEDIUM, "Records pointer")
            .define(MAX_RESPONSE_BYTES_CONFIG, Type.INT, 16 * 1024 * 1024, Range.atLeast(1024), Importance.LOW,
                    "Largest response body read; a larger one fails the task.",
                    RESPONSE_GROUP, 2, Width.SHORT, "Largest response")
            .define(TIMEOUT_MS_CONFIG, Type.INT, 30_000, Range.atLeast(1), Importance.MEDIUM,
                    "Connect and response timeout of a request.",
                    RESPONSE_GROUP, 3, Width.SHORT, "Timeout (ms)")
            .define(RETRY_MAX_CONFIG, Type.INT, 10, Range.atLeast(0), Importance.MEDIUM,
                    "Retries of a request after an I/O error, a timeout, a 5xx, a 429 or a body that is not JSON, "
                            + "before the task fails.",
                    RESPONSE_GROUP, 4, Width.SHORT, "Retries")
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
                    "First wait before a retry; it doubles per retry, with jitter, up to http.retry.backoff.max.ms. A "
                            + "429's Retry-After overrides it.",
                    RESPONSE_GROUP, 5, Width.SHORT, "Backoff (ms)")
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                    "Longest wait between retries.", RESPONSE_GROUP, 6, Width.SHORT, "Longest backoff (ms)")
            .define(RATE_LIMIT_CONFIG, Type.DOUBLE, 0.0, Range.atLeast(0), Importance.LOW,
                    "Most requests per second per task; 0: no limit.",
                    RESPONSE_GROUP, 7, Width.SHORT, "Requests per second")
            .define(POLL_INTERVAL_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(1), Importance.MEDIUM,
                    "How long to wait before asking again once an endpoint has no new records.",
                    RESPONSE_GROUP, 8, Width.SHORT, "Poll interval (ms)")
            .define(POLL_INTERVAL_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                    "Longest wait before asking an endpoint again while it keeps having nothing new: the wait "
                            + "starts at poll.interval.ms and doubles with each answer without new records, back to "
                            + "poll.interval.ms after one with some. A value below poll.interval.ms means no "
                            + "doubling. Requests made again carry If-None-Match / If-Modified-Since when the API "
                            + "sent an ETag / Last-Modified, so an unchanged page is answered 304 without a body.",
                    RESPONSE_GROUP, 9, Width.SHORT, "Longest poll interval (ms)");

    /** The task-level definition: the connector's plus the endpoints assigned to the task. */
    static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .define(TASK_ENDPOINTS_CONFIG, Type.LIST, "", Importance.HIGH,
                    "Endpoints of this task (set by the connector).");

    public HttpPullSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private HttpPullSourceConfig(ConfigDef definition, Map<String, String> props) {
        super(definition, props);
    }

    static HttpPullSourceConfig forTask(Map<String, String> props) {
        return new HttpPullSourceConfig(TASK_CONFIG_DEF, props);
    }

    /** Endpoint names; one named 'default' when none are configured. */
    public List<String> endpoints() {
        List<String> names = getList(ENDPOINTS_CONFIG);
        return names.isEmpty() ? List.of("default") : names;
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
        return ConfigEnums.parse(Pagination.class, PAGINATION_CONFIG, getString(PAGINATION_CONFIG));
    }

    public AuthType authType() {
        return ConfigEnums.parse(AuthType.class, AUTH_TYPE_CONFIG, getString(AUTH_TYPE_CONFIG));
    }

    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header : getList(HEADERS_CONFIG)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return headers;
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS_CONFIG));
    }

    /** How each request is made: method, headers, body, authentication, timeout and largest response. */
    public PageFetcher.Settings fetcherSettings() {
        return new PageFetcher.Settings(getString(METHOD_CONFIG), headers(), getString(BODY_CONFIG),
                authType(), getString(AUTH_USER_CONFIG), password(AUTH_PASSWORD_CONFIG),
                password(AUTH_TOKEN_CONFIG), getString(AUTH_API_KEY_HEADER_CONFIG), password(AUTH_API_KEY_CONFIG),
                getInt(TIMEOUT_MS_CONFIG), getInt(MAX_RESPONSE_BYTES_CONFIG), oauth2());
    }

    private OAuth2Client.Settings oauth2() {
        if (authType() != AuthType.OAUTH2) {
            return null;
        }
        return new OAuth2Client.Settings(URI.create(getString(OAUTH2_TOKEN_URL_CONFIG)),
                getString(OAUTH2_CLIENT_ID_CONFIG), password(OAUTH2_CLIENT_SECRET_CONFIG),
                getString(OAUTH2_SCOPE_CONFIG), ConfigEnums.parse(OAuth2ClientAuth.class, OAUTH2_CLIENT_AUTH_CONFIG,
                getString(OAUTH2_CLIENT_AUTH_CONFIG)));
    }

    /** How pages are asked for and read. */
    public EndpointReader.Paging paging() {
        return new EndpointReader.Paging(pagination(), getString(CURSOR_PARAM_CONFIG),
                pointer(getString(CURSOR_POINTER_CONFIG)), getString(PAGE_PARAM_CONFIG),
                getString(INCREMENTING_PARAM_CONFIG), pointer(getString(INCREMENTING_POINTER_CONFIG)),
                getString(LIMIT_PARAM_CONFIG), getInt(LIMIT_CONFIG), pointer(getString(RECORDS_POINTER_CONFIG)),
                ConfigEnums.parse(IncrementingCompare.class, INCREMENTING_COMPARE_CONFIG,
                        getString(INCREMENTING_COMPARE_CONFIG)),
                ConfigEnums.parse(CursorRepeat.class, CURSOR_ON_REPEAT_CONFIG, getString(CURSOR_ON_REPEAT_CONFIG)),
                startPosition());
    }

    /** Where an endpoint without an offset starts. */
    public Position startPosition() {
        return Position.start(pagination(), getInt(PAGE_START_CONFIG), getString(INCREMENTING_INITIAL_CONFIG));
    }

    public Backoff backoff() {
        return new Backoff(getLong(RETRY_BACKOFF_MS_CONFIG), getLong(RETRY_BACKOFF_MAX_MS_CONFIG));
    }

    public RequestPacer pacer() {
        return new RequestPacer(getDouble(RATE_LIMIT_CONFIG));
    }

    public boolean rateLimited() {
        return getDouble(RATE_LIMIT_CONFIG) > 0;
    }

    private static JsonPointer pointer(String text) {
        return text.isEmpty() ? null : JsonPointer.compile(text);
    }

    @Override
    public Map<String, List<String>> crossChecks() {
        Map<String, List<String>> errors = recordChecks();
        pullChecks(errors);
        if (getLong(RETRY_BACKOFF_MAX_MS_CONFIG) < getLong(RETRY_BACKOFF_MS_CONFIG)) {
            CrossChecks.report(errors, RETRY_BACKOFF_MAX_MS_CONFIG, "is less than " + RETRY_BACKOFF_MS_CONFIG);
        }
        return errors;
    }

    private void pullChecks(Map<String, List<String>> errors) {
        if (getString(URL_CONFIG).isBlank()) {
            CrossChecks.report(errors, URL_CONFIG, "the API's URL is needed");
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
        AuthType auth = authType();
        if (auth == AuthType.BASIC && getString(AUTH_USER_CONFIG).isEmpty()) {
            CrossChecks.report(errors, AUTH_USER_CONFIG, "basic authentication needs a user");
        }
        if (auth == AuthType.BEARER && password(AUTH_TOKEN_CONFIG).isEmpty()) {
            CrossChecks.report(errors, AUTH_TOKEN_CONFIG, "bearer authentication needs a token");
        }
        if (auth == AuthType.API_KEY && password(AUTH_API_KEY_CONFIG).isEmpty()) {
            CrossChecks.report(errors, AUTH_API_KEY_CONFIG, "api_key authentication needs a key");
        }
        if (auth == AuthType.OAUTH2) {
            String tokenUrl = getString(OAUTH2_TOKEN_URL_CONFIG);
            String problem = tokenUrl.isEmpty() ? "oauth2 authentication needs the token endpoint's URL"
                    : urlProblem(tokenUrl);
            if (problem != null) {
                CrossChecks.report(errors, OAUTH2_TOKEN_URL_CONFIG, problem);
            }
            if (getString(OAUTH2_CLIENT_ID_CONFIG).isEmpty()) {
                CrossChecks.report(errors, OAUTH2_CLIENT_ID_CONFIG, "oauth2 authentication needs a client id");
            }
            if (password(OAUTH2_CLIENT_SECRET_CONFIG).isEmpty()) {
                CrossChecks.report(errors, OAUTH2_CLIENT_SECRET_CONFIG, "oauth2 authentication needs a client secret");
            }
        }
        if (pagination() == Pagination.INCREMENTING && getString(INCREMENTING_POINTER_CONFIG).isEmpty()) {
            CrossChecks.report(errors, INCREMENTING_POINTER_CONFIG,
                    "incrementing pagination needs the field's pointer");
        }
        if (pagination() == Pagination.CURSOR && getString(CURSOR_POINTER_CONFIG).isEmpty()) {
            CrossChecks.report(errors, CURSOR_POINTER_CONFIG, "cursor pagination needs the cursor's pointer");
        }
    }

    /** What is wrong with an http(s) URL, never echoing credentials in it; null if nothing. */
    private static String urlProblem(String url) {
        String shown = "'" + Urls.redact(url) + "'";
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                return shown + " is not an http or https URL";
            }
            if (uri.getRawUserInfo() != null) {
                // HttpClient does not send user info, and Connect logs a STRING setting in full at start
                return shown + " carries credentials before its host ('user:password@'), which are never sent and "
                        + "would be logged in full: use http.auth.type=basic with http.auth.user and "
                        + "http.auth.password (through a config provider)";
            }
            if (uri.getHost() == null) {
                return shown + " has no host";
            }
            return null;
        } catch (URISyntaxException e) {
            return shown + " is not a URL: " + e.getReason();
        }
    }
}
