package io.rivulet.connect.http.pull;

/** How the client's id and secret reach the token endpoint (RFC 6749 2.3.1). */
public enum OAuth2ClientAuth {
    /** In an {@code Authorization: Basic} header (client_secret_basic). */
    BASIC,
    /** In the form body as client_id and client_secret (client_secret_post). */
    POST
}
