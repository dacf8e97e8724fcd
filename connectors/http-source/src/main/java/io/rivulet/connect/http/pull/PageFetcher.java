package io.rivulet.connect.http.pull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;


/**
 * One HTTP request for one page, with Apache HttpClient 5: authentication, timeouts, a bounded body, and a
 * classification of what went wrong (transient: I/O, timeouts, 5xx, 429; permanent: other 4xx, a body over the
 * limit). A body that is not JSON is found where the page is read ({@link FetchedPage#json()}, {@link PageParser}),
 * and is transient too.
 */
public final class PageFetcher implements AutoCloseable {

    /** Authentication and request settings, secrets included; never logged. */
    public record Settings(String method, Map<String, String> headers, String body, AuthType authType, String user,
                           String password, String token, String apiKeyHeader, String apiKey, int timeoutMs,
                           int maxResponseBytes, OAuth2Client.Settings oauth2) {
        @Override
        public String toString() {
            return method + " with " + authType + " authentication";
        }
    }

    private final Settings settings;
    private final CloseableHttpClient client;
    private final OAuth2Client oauth2;

    public PageFetcher(Settings settings) {
        this.settings = settings;
        Timeout timeout = Timeout.ofMilliseconds(settings.timeoutMs());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                .setSocketTimeout(timeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout)
                        .setConnectionRequestTimeout(timeout).build())
                .disableAutomaticRetries()
                .setUserAgent("rivulet-http-source")
                .build();
        this.oauth2 = settings.authType() == AuthType.OAUTH2 ? new OAuth2Client(settings.oauth2(), client) : null;
    }

    public FetchedPage fetch(URI uri) throws HttpFailure {
        return fetch(uri, Validators.NONE);
    }

    /**
     * As {@link #fetch(URI)}, conditional on {@code known}: the answer may be 304, a page without a body. With
     * OAuth2, a 401 is taken as a token the API no longer accepts: one new token, one more try.
     */
    public FetchedPage fetch(URI uri, Validators known) throws HttpFailure {
        if (oauth2 == null) {
            return fetch(uri, known, null);
        }
        String token = oauth2.token();
        try {
            return fetch(uri, known, token);
        } catch (HttpFailure failure) {
            if (failure.status() != 401) {
                throw failure;
            }
            oauth2.refused(token);
            return fetch(uri, known, oauth2.token());
        }
    }

    private FetchedPage fetch(URI uri, Validators known, String oauth2Token) throws HttpFailure {
        HttpUriRequestBase request = "POST".equals(settings.method()) ? new HttpPost(uri) : new HttpGet(uri);
        settings.headers().forEach(request::setHeader);
        if (oauth2Token != null) {
            request.setHeader("Authorization", "Bearer " + oauth2Token);
        }
        if (known.etag() != null) {
            request.setHeader("If-None-Match", known.etag());
        }
        if (known.lastModified() != null) {
            request.setHeader("If-Modified-Since", known.lastModified());
        }
        authenticate(request);
        if (request instanceof HttpPost && !settings.body().isEmpty()) {
            request.setEntity(new StringEntity(settings.body(), ContentType.APPLICATION_JSON));
        }
        request.setHeader("Accept", "application/json");
        try {
            return client.execute(request, response -> read(uri, response));
        } catch (HttpFailureCarrier carrier) {
            throw carrier.failure;
        } catch (IOException e) {
            throw new HttpFailure(settings.method() + " " + Urls.redact(uri) + " failed: " + e, true, -1, e);
        }
    }

    private void authenticate(HttpUriRequestBase request) {
        switch (settings.authType()) {
            case BASIC:
                request.setHeader("Authorization", basic(settings.user(), settings.password()));
                break;
            case BEARER:
                request.setHeader("Authorization", "Bearer " + settings.token());
                break;
            case API_KEY:
                request.setHeader(settings.apiKeyHeader(), settings.apiKey());
                break;
            default:
                break;
        }
    }

    /** The Authorization value of HTTP Basic authentication (RFC 7617, UTF-8). */
    static String basic(String user, String password) {
        String credentials = user + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private FetchedPage read(URI uri, ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        String what = settings.method() + " " + Urls.redact(uri);
        byte[] body = bounded(response.getEntity(), what, status);
        Validators validators = new Validators(header(response, "ETag"), header(response, "Last-Modified"));
        if (status == 304) {
            return FetchedPage.notModified(uri, what, validators);
        }
        if (status == 429) {
            throw new HttpFailureCarrier(new HttpFailure(what + " answered 429 Too Many Requests", true,
                    retryAfterMs(response), null, status));
        }
        String answer = what + " answered " + status + ": ";
        if (status >= 500) {
            throw new HttpFailureCarrier(new HttpFailure(answer + FetchedPage.excerpt(body), true,
                    retryAfterMs(response), null, status));
        }
        if (status >= 300) {
            throw new HttpFailureCarrier(new HttpFailure(answer + FetchedPage.excerpt(body), false, -1, null,
                    status));
        }
        return new FetchedPage(uri, what, status, body, LinkHeader.next(uri, response.getHeaders("Link")),
                validators);
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null || header.getValue().isBlank() ? null : header.getValue();
    }

    private byte[] bounded(HttpEntity entity, String what, int status) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            byte[] body = in.readNBytes(settings.maxResponseBytes() + 1);
            if (body.length > settings.maxResponseBytes()) {
                throw new HttpFailureCarrier(new HttpFailure(what + " sent more than " + settings.maxResponseBytes()
                        + " bytes (http.response.max.bytes)", false, -1, null, status));
            }
            return body;
        }
    }

    private static long retryAfterMs(ClassicHttpResponse response) {
        Header header = response.getFirstHeader("Retry-After");
        if (header == null) {
            return -1;
        }
        String value = header.getValue().trim();
        try {
            return TimeUnit.SECONDS.toMillis(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            Instant date = DateUtils.parseStandardDate(value);
            return date == null ? -1 : Math.max(0, date.toEpochMilli() - System.currentTimeMillis());
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** Carries a classified failure out of the response handler, which may only throw IOException. */
    private static final class HttpFailureCarrier extends IOException {
        final HttpFailure failure;

        HttpFailureCarrier(HttpFailure failure) {
            super(failure.getMessage());
            this.failure = failure;
        }
    }
}
