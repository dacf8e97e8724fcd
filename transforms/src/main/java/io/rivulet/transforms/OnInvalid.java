package io.rivulet.transforms;

/** What Validate does with a record that breaks a rule (on.invalid). */
public enum OnInvalid {
    /** To the invalid topic, with the reason in headers. */
    ROUTE,
    /** Dropped, counted and logged. */
    DROP,
    /** The task fails. */
    FAIL
}
