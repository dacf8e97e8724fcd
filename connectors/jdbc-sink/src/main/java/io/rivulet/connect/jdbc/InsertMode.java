package io.rivulet.connect.jdbc;

/** How rows are written (insert.mode). */
public enum InsertMode {
    /** Plain INSERT: a key already in the table fails the row. */
    INSERT,
    /** INSERT ... ON CONFLICT (key) DO UPDATE: a replay writes the same row again. */
    UPSERT,
    /** UPDATE by key: rows not in the table are not created. */
    UPDATE
}
