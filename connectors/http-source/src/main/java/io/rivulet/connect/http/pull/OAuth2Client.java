package io.rivulet.connect.http.pull;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicNameValuePair;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * OAuth 2.0 client credentials (RFC 6749 4.4): an access token from the token endpoint, kept until shortly before it
 * expires and then fetched again, or at once when the API refused it. The secret goes only to the token endpoint, in
 * the Basic header (client_secret_basic, which every server must accept) or the form (client_secret_post).
 */
public final class OAuth2Client {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A token is fetched again this long before it expires (or at 90% of its life, if that is sooner). */
    private static final long REFRESH_MARGIN_MS = 30_000;

    /** Where and how to ask; the secret is never logged. */
    public record Settings(URI tokenUrl, String clientId, String clientSecret, String scope,
                           OAuth2ClientAuth clientAuth) {
        @Override
        public String toString() {
            return "OAuth2 client " + clientId + " at " + Urls.redact(tokenUrl);
        }
    }

    private final Settings settings;
    private final CloseableHttpClient client;
    private String token;
    private long refreshAtMs;

    OAuth2Client(Settings settings, CloseableHttpClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** A token that is not about to expire, fetched if need be. */
    synchronized String token() throws HttpFailure {
        if (token == null || System.currentTimeMillis() >= refreshAtMs) {
            fetch();
        }
        return token;
    }

    /** The API refused {@code refused}: the next {@link #token()} fetches a new one (unless one already did). */
    synchronized void refused(String refused) {
        if (refused != null && refused.equals(token)) {
            token = null;
        }
    }

    private void fetch() throws HttpFailure {
        HttpPost request = new HttpPost(settings.tokenUrl());
        List<NameValuePair> form = new ArrayList<>();
        form.add(new BasicNameValuePair("grant_type", "client_credentials"));
        if (!settings.scope().isEmpty()) {
            form.add(new BasicNameValuePair("scope", settings.scope()));
        }
        if (settings.clientAuth() == OAuth2ClientAuth.POST) {
            form.add(new BasicNameValuePair("client_id", settings.clientId()));
            form.add(new BasicNameValuePair("client_secret", settings.clientSecret()));
        } else {
            request.setHeader("Authorization", PageFetcher.basic(formEncode(settings.clientId()),
                    formEncode(settings.clientSecret())));
        }
        request.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        request.setHeader("Accept", "application/json");
        String what = "POST " + Urls.redact(settings.tokenUrl()) + " (OAuth2 token for client "
                + settings.clientId() + ")";
        long requestedAt = System.currentTimeMillis();
        JsonNode answer;
        int status;
        try {
            Answer result = client.execute(request, OAuth2Client::answer);
            status = result.status();
            String body = result.body();
            if (status >= 500 || status == 429) {
                throw new HttpFailure(what + " answered " + status, true, -1, null);
            }
            try {
                answer = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new HttpFailure(what + " answered " + status + " with a body that is not JSON", status < 300,
                        -1, e);
            }
        } catch (IOException e) {
            throw new HttpFailure(what + " failed: " + e, true, -1, e);
        }
        if (status >= 300 || !answer.path("access_token").isTextual()) {
            // RFC 6749 5.2: error and error_description say why (invalid_client, invalid_scope...)
            throw new HttpFailure(what + " answered " + status + " without an access token: "
                    + answer.path("error").asText("no error code") + (answer.hasNonNull("error_description")
                    ? " (" + answer.path("error_description").asText() + ")" : ""), false, -1, null);
        }
        token = answer.path("access_token").asText();
        long lifeMs = answer.path("expires_in").asLong(3600) * 1000;
        refreshAtMs = requestedAt + lifeMs - Math.min(REFRESH_MARGIN_MS, lifeMs / 10);
    }

    private record Answer(int status, String body) {
    }

    private static Answer answer(org.apache.hc.core5.http.ClassicHttpResponse response) throws IOException {
        try {
            return new Answer(response.getCode(), response.getEntity() == null ? ""
                    : EntityUtils.toString(response.getEntity(), 64 * 1024));
        } catch (org.apache.hc.core5.http.ParseException e) {
            throw new IOException("the token endpoint's answer cannot be read: " + e.getMessage(), e);
        }
    }

    /** Client id and secret are form-encoded before they go in the Basic header (RFC 6749 2.3.1). */
    private static String formEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
