package io.rivulet.transforms;

/** Header names shared with the HTTP source and documented in docs/contracts.md. */
public final class ErrorHeaders {
    public static final String RULE = "rivulet.error.rule";
    public static final String FIELD = "rivulet.error.field";
    public static final String MESSAGE = "rivulet.error.message";
    public static final String TOPIC = "rivulet.error.topic";
    public static final String ENRICH_ERROR = "rivulet.enrich.error";

    private ErrorHeaders() {
    }
}
