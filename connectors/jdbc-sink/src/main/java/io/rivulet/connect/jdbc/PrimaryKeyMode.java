package io.rivulet.connect.jdbc;

/** Where a row's primary key comes from (primary.key.mode). */
public enum PrimaryKeyMode {
    /** No key: rows can only be inserted. */
    NONE,
    /** The record's topic, partition and offset. */
    KAFKA,
    /** The record key's fields, or the key itself as one column. */
    RECORD_KEY,
    /** Fields of the record value. */
    RECORD_VALUE
}
