package io.rivulet.connect.jdbc;

/** How a batch reaches the table (write.method). */
public enum WriteMethod {
    /** COPY into a staging table, then one merge statement. */
    COPY,
    /** One INSERT ... SELECT FROM UNNEST(array per column). */
    UNNEST
}
