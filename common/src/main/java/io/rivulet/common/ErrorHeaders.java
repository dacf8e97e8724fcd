package io.rivulet.common;

import org.apache.kafka.connect.connector.ConnectRecord;

/** Header names on records routed as invalid, shared by the HTTP source and the transforms (docs/contracts.md). */
public final class ErrorHeaders {
    public static final String RULE = "rivulet.error.rule";
    public static final String FIELD = "rivulet.error.field";
    public static final String MESSAGE = "rivulet.error.message";
    public static final String TOPIC = "rivulet.error.topic";
    /** The offending value as text, where the record's value cannot show it (e.g. an unusable event time). */
    public static final String VALUE = "rivulet.error.value";
    public static final String ENRICH_ERROR = "rivulet.enrich.error";

    private ErrorHeaders() {
    }

    /**
     * A record an earlier step (the HTTP source, another Validate) already routed as invalid: it carries the reason
     * and goes on unchanged, so that it is not routed twice or enriched.
     */
    public static boolean alreadyInvalid(ConnectRecord<?> record) {
        return record.headers().lastWithName(RULE) != null;
    }
}
