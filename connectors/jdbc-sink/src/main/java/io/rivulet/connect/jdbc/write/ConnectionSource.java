package io.rivulet.connect.jdbc.write;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import io.rivulet.connect.jdbc.JdbcSinkConfig;

/** Opens the database connection the writer uses; a new one after a transient failure. */
@FunctionalInterface
interface ConnectionSource {
    Connection open() throws SQLException;

    /** The configured database, through its JDBC driver. */
    static ConnectionSource of(JdbcSinkConfig config) {
        return () -> {
            Properties props = new Properties();
            props.put("user", config.getString(JdbcSinkConfig.CONNECTION_USER_CONFIG));
            props.put("password", config.password());
            props.put("ApplicationName", "rivulet-jdbc-sink");
            return DriverManager.getConnection(config.getString(JdbcSinkConfig.CONNECTION_URL_CONFIG), props);
        };
    }
}
