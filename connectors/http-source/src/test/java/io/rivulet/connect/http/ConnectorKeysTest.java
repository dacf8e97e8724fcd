package io.rivulet.connect.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** Each connector has only its own keys: the pull settings are not offered to the listener, nor the reverse. */
class ConnectorKeysTest {

    @Test
    void eachConnectorDefinesOnlyItsOwnKeys() {
        Set<String> pull = HttpPullSourceConfig.CONFIG_DEF.names();
        Set<String> listener = HttpListenerSourceConfig.CONFIG_DEF.names();
        Set<String> shared = new TreeSet<>(pull);
        shared.retainAll(listener);
        assertEquals(Set.of("topic", "record.schema.file", "record.schema.inline", "record.key.pointer",
                "record.timestamp.pointer", "record.timestamp.max.ahead.ms", "invalid.topic.suffix"), shared);
        assertTrue(pull.stream().noneMatch(k -> k.startsWith("listener.")), pull.toString());
        assertTrue(listener.stream().noneMatch(k -> k.startsWith("http.")), listener.toString());
        assertTrue(!pull.contains("http.mode") && !listener.contains("http.mode"));
    }
}
