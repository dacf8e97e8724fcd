package io.rivulet.connect.http.pull;

/** Which records an API returns for the incrementing parameter's value. */
public enum IncrementingCompare {
    /** Those whose value is greater: the values must be unique (an id), or records sharing one are lost. */
    GREATER,
    /**
     * Those whose value is greater or equal: values may repeat (a timestamp). The offset counts the records with the
     * last value already written, and the next request skips that many.
     */
    GREATER_OR_EQUAL
}
