package io.rivulet.transforms;

/** What RedisEnrich does when Redis cannot be asked (on.error). */
public enum OnError {
    /** A retriable error: Connect retries the record as errors.retry.timeout allows. */
    FAIL,
    /** default.value, and the record goes on. */
    DEFAULT
}
