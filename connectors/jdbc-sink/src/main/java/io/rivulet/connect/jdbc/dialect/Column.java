package io.rivulet.connect.jdbc.dialect;

import org.apache.kafka.connect.data.Schema;

/** A column the sink writes: its name and the Connect schema of its values. */
public record Column(String name, Schema schema) {
}
