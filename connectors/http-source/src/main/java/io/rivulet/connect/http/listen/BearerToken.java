package io.rivulet.connect.http.listen;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks a request's {@code Authorization} header against the configured token in constant time: both are hashed
 * first, so neither the position of the first wrong byte nor the token's length shows in the time taken.
 */
final class BearerToken {
    private final byte[] expected;

    BearerToken(String token) {
        this.expected = token.isEmpty() ? null : sha256("Bearer " + token);
    }

    boolean accepts(String authorization) {
        if (expected == null) {
            return true;
        }
        return MessageDigest.isEqual(expected, sha256(authorization == null ? "" : authorization));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
