package io.rivulet.embedded;

/** A REST API (Connect, schema registry) answered with an error status; carries the status and the server's text. */
public class RestCallException extends RuntimeException {
    private final int status;
    private final String body;

    public RestCallException(String request, int status, String body) {
        super(request + " answered " + status + ": " + body);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
