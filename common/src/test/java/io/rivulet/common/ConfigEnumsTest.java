package io.rivulet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class ConfigEnumsTest {
    enum Flavour { PLAIN, RECORD_KEY }

    private static final ConfigDef DEF = new ConfigDef().define("flavour", ConfigDef.Type.STRING, "plain",
            ConfigEnums.validator(Flavour.class), ConfigDef.Importance.HIGH, "doc", null, 0, ConfigDef.Width.SHORT,
            "Flavour", ConfigEnums.recommender(Flavour.class));

    @Test
    void namesAreTheConstantsInLowerCase() {
        assertEquals(List.of("plain", "record_key"), ConfigEnums.names(Flavour.class));
    }

    @Test
    void anyCaseParsesToTheConstant() {
        AbstractConfig config = new AbstractConfig(DEF, Map.of("flavour", "Record_Key"));
        assertEquals(Flavour.RECORD_KEY, ConfigEnums.parse(Flavour.class, "flavour", config.getString("flavour")));
    }

    @Test
    void anUnknownNameIsRefusedNamingTheKeyAndTheValidNames() {
        ConfigException e = assertThrows(ConfigException.class, () -> new AbstractConfig(DEF,
                Map.of("flavour", "sour")));
        assertTrue(e.getMessage().contains("flavour") && e.getMessage().contains("record_key"), e.getMessage());
        ConfigException parsed = assertThrows(ConfigException.class,
                () -> ConfigEnums.parse(Flavour.class, "flavour", "sour"));
        assertTrue(parsed.getMessage().contains("[plain, record_key]"), parsed.getMessage());
    }

    /** What the worker's validate endpoint lists as recommended values. */
    @Test
    void validationRecommendsEveryName() {
        ConfigValue value = DEF.validate(Map.of("flavour", "plain")).get(0);
        assertEquals(List.of("plain", "record_key"), value.recommendedValues());
        assertTrue(value.errorMessages().isEmpty());
    }
}
