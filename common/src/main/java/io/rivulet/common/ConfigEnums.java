package io.rivulet.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Mode-like config keys backed by an enum: users write the constant's name in lower case (any case is accepted),
 * the ConfigDef validates it and recommends the names (so {@code /connector-plugins/.../config/validate} lists
 * them), and the config parses it once into the enum.
 */
public final class ConfigEnums {
    private ConfigEnums() {
    }

    /** The names users write: the constants in lower case, in declaration order. */
    public static <E extends Enum<E>> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigEnums::name).toList();
    }

    /** The name users write for {@code value}. */
    public static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Accepts the names of {@code type}'s constants in any case. */
    public static <E extends Enum<E>> ConfigDef.Validator validator(Class<E> type) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                parse(type, name, value == null ? null : value.toString());
            }

            @Override
            public String toString() {
                return String.join(", ", names(type));
            }
        };
    }

    /** Recommends the names of {@code type}'s constants. */
    public static <E extends Enum<E>> ConfigDef.Recommender recommender(Class<E> type) {
        List<Object> names = List.copyOf(names(type));
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                return names;
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                return true;
            }
        };
    }

    /** The constant {@code value} names (any case), or a ConfigException naming {@code key} and the valid names. */
    public static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        for (E constant : type.getEnumConstants()) {
            if (value != null && constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        throw new ConfigException(key, value, "must be one of " + names(type));
    }
}
