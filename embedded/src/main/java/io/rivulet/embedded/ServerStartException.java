package io.rivulet.embedded;

import java.nio.file.Path;

/** A test server did not come up: says which, on which port, and where its log is. */
public class ServerStartException extends RuntimeException {
    public ServerStartException(String server, int port, Path log, String reason, Throwable cause) {
        super(server + " did not start on port " + port + ": " + reason
                + (log != null ? " (log: " + log + ")" : ""), cause);
    }
}
