package io.rivulet.connect.http.pull;

/** How requests prove who they are. */
public enum AuthType {
    /** No credentials. */
    NONE,
    /** {@code Authorization: Basic} from a user and password. */
    BASIC,
    /** {@code Authorization: Bearer} with a token. */
    BEARER,
    /** A key in a header of its own. */
    API_KEY,
    /** {@code Authorization: Bearer} with a token from an OAuth 2.0 token endpoint (client credentials). */
    OAUTH2
}
