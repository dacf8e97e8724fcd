package io.rivulet.connect.jdbc.dialect;

import java.util.List;
import java.util.Map;

/** A table as the database describes it: column names to SQL types, and its primary key columns. */
public record TableDefinition(TableId id, Map<String, String> columnTypes, List<String> primaryKey) {
}
