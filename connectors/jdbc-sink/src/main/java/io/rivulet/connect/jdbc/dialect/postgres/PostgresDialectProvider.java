package io.rivulet.connect.jdbc.dialect.postgres;

import io.rivulet.connect.jdbc.WriteMethod;
import io.rivulet.connect.jdbc.dialect.DatabaseDialect;
import io.rivulet.connect.jdbc.dialect.DatabaseDialectProvider;

/** PostgreSQL, for {@code jdbc:postgresql:} URLs. */
public final class PostgresDialectProvider implements DatabaseDialectProvider {
    @Override
    public String name() {
        return "PostgreSQL (jdbc:postgresql:)";
    }

    @Override
    public boolean supports(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public DatabaseDialect create(WriteMethod writeMethod) {
        return new PostgresDialect(writeMethod == WriteMethod.COPY);
    }
}
