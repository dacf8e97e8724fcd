package io.rivulet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PluginVersionTest {
    @Test
    void readsTheVersionBesideTheClassOrSaysUnknown() {
        assertEquals("9.9.9-test", PluginVersion.of(PluginVersionTest.class));
        assertEquals("unknown", PluginVersion.of(org.junit.jupiter.api.Test.class));
    }
}
