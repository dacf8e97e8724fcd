package io.rivulet.connect.jdbc.dialect;

import io.rivulet.connect.jdbc.WriteMethod;

/**
 * Makes the dialect of one kind of database. Providers are found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services}), so a dialect for another database is a class and a line, not a change to the task.
 */
public interface DatabaseDialectProvider {
    /** The database's name in messages, e.g. PostgreSQL. */
    String name();

    /** Whether this provider's database is the one {@code jdbcUrl} connects to. */
    boolean supports(String jdbcUrl);

    DatabaseDialect create(WriteMethod writeMethod);
}
