package io.rivulet.connect.http.listen;

/**
 * How a listener's HTTP server accepts and times out connections; the TLS settings are null for plain HTTP.
 *
 * @param threads          threads that read and parse requests (a request waiting for its write holds none)
 * @param idleTimeoutMs    a connection that sends nothing this long is closed
 * @param headerTimeoutMs  a request's headers must arrive within this time once they have started
 * @param readTimeoutMs    a request's body must arrive within this time after its headers
 * @param maxConnections   connections open at once; more wait to be accepted
 */
public record ServerSettings(String bind, int port, int threads, long idleTimeoutMs, long headerTimeoutMs,
                             long readTimeoutMs, int maxConnections, TlsSettings tls) {

    /** A keystore for HTTPS; secrets included, never logged. */
    public record TlsSettings(String keystore, String keystoreType, String keystorePassword, String keyPassword) {
        @Override
        public String toString() {
            return "TlsSettings[keystore=" + keystore + ", type=" + keystoreType + "]";
        }
    }

    public String scheme() {
        return tls == null ? "http" : "https";
    }
}
