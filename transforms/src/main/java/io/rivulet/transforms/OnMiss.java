package io.rivulet.transforms;

/** What RedisEnrich writes when a profile or field is missing (on.miss). */
public enum OnMiss {
    /** default.value. */
    DEFAULT,
    /** A null field. */
    NULL,
    /** The record fails. */
    FAIL
}
