package io.rivulet.connect.http.listen;

import java.util.List;

/**
 * What a listener accepts and how it answers: the path, the bearer token (secret, never logged), limits, CORS and
 * the ids that make retries harmless.
 *
 * @param corsAllowedOrigins origins whose pages may POST (exact origins, or {@code *}); empty: CORS off
 * @param dedupWindowMs      how long an event id is remembered; 0: retries are not recognised
 * @param dedupMaxIds        the most event ids remembered at once (the oldest are forgotten first)
 */
public record RequestSettings(String path, String token, int maxBodyBytes, int maxEventBytes, int queueSize,
                              long ackTimeoutMs,
                              List<String> corsAllowedOrigins, int corsMaxAgeSeconds, String eventIdField,
                              String timestampField, long dedupWindowMs, int dedupMaxIds) {
    @Override
    public String toString() {
        return "RequestSettings[path=" + path + ", token=" + (token.isEmpty() ? "none" : "[hidden]") + "]";
    }
}
