package io.rivulet.connect.jdbc.dialect;

/** A table in a database schema, by the names the sink chose (not yet quoted). */
public record TableId(String schema, String table) {
    @Override
    public String toString() {
        return schema + "." + table;
    }
}
