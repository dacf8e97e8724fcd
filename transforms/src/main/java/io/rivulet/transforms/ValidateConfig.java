package io.rivulet.transforms;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import io.rivulet.common.ConfigEnums;
import io.rivulet.common.UnknownKeys;
import io.rivulet.transforms.rules.Rule;
import io.rivulet.transforms.rules.RuleParser;
import io.rivulet.transforms.rules.RuleSyntaxException;

/** Configuration of the {@link Validate} transform. */
public class ValidateConfig extends AbstractConfig {
    private static final String GROUP = "Validate";

    public static final String RULES_CONFIG = "rules";

    public static final String ON_INVALID_CONFIG = "on.invalid";
    public static final String ON_INVALID_DEFAULT = "route";

    public static final String SUFFIX_CONFIG = "invalid.topic.suffix";
    public static final String SUFFIX_DEFAULT = ".invalid";

    public static final String METRICS_NAME_CONFIG = "metrics.name";
    public static final String METRICS_NAME_DEFAULT = "";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(RULES_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new RulesValidator(), Importance.HIGH,
                    "Business rules, separated by ';', each on one field given as a dotted path. Forms: 'f not_null', "
                            + "'f not_blank', 'f > 0' (also >=, <, <=, ==, != with a number, an ISO-8601 instant for "
                            + "timestamps, or 'quoted text' for == and !=), 'f in (A, B, C)', 'f matches REGEX' (the "
                            + "rest of the rule, or 'quoted'), 'f max_length 32', 'f not_in_future [5m]' (allowed "
                            + "clock skew). Only not_null and not_blank reject a missing field; the others check a "
                            + "value that is present (as SQL CHECK does). Example: order_id not_blank; total_amount > "
                            + "0; currency in (USD, EUR, GBP)",
                    GROUP, 1, Width.LONG, "Rules")
            .define(ON_INVALID_CONFIG, Type.STRING, ON_INVALID_DEFAULT, ConfigEnums.validator(OnInvalid.class),
                    Importance.HIGH,
                    "What happens to a record that breaks a rule: 'route' sends it unchanged to the topic named by the "
                            + "record's topic plus 'invalid.topic.suffix', with headers naming the rule, the field, "
                            + "the message and the original topic (source connectors have no dead letter queue, so "
                            + "this is how nothing is lost); 'drop' discards it, counting it in JMX and logging at "
                            + "most once a second; 'fail' stops the task with an error naming the record and the rule.",
                    GROUP, 2, Width.SHORT, "On invalid record",
                    ConfigEnums.recommender(OnInvalid.class))
            .define(SUFFIX_CONFIG, Type.STRING, SUFFIX_DEFAULT, new NonEmptyString(), Importance.MEDIUM,
                    "Appended to the record's topic to name the topic invalid records are routed to.",
                    GROUP, 3, Width.SHORT, "Invalid topic suffix")
            .define(METRICS_NAME_CONFIG, Type.STRING, METRICS_NAME_DEFAULT, Importance.LOW,
                    "The 'name' of this transform's JMX bean (io.rivulet.transforms:type=Validate,name=...). Empty: "
                            + "'rules-' and a hash of the rules.",
                    GROUP, 4, Width.MEDIUM, "Metrics name");

    private final List<Rule> rules;

    public ValidateConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
        UnknownKeys.requireNone("Validate", CONFIG_DEF, props);
        rules = parse(getString(RULES_CONFIG));
    }

    public List<Rule> rules() {
        return rules;
    }

    public OnInvalid onInvalid() {
        return ConfigEnums.parse(OnInvalid.class, ON_INVALID_CONFIG, getString(ON_INVALID_CONFIG));
    }

    public String invalidTopicSuffix() {
        return getString(SUFFIX_CONFIG);
    }

    public String metricsName() {
        String name = getString(METRICS_NAME_CONFIG);
        return name.isEmpty() ? "rules-" + Integer.toHexString(getString(RULES_CONFIG).hashCode()) : name;
    }

    static List<Rule> parse(String rules) {
        try {
            List<Rule> parsed = new RuleParser().parse(rules);
            if (parsed.isEmpty()) {
                throw new ConfigException(RULES_CONFIG, rules, "at least one rule is needed");
            }
            return parsed;
        } catch (RuleSyntaxException e) {
            throw new ConfigException(RULES_CONFIG, rules, e.getMessage());
        }
    }

    /** Parses the rules when the config is validated, so errors show per field in the REST validate call. */
    private static final class RulesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "at least one rule is needed");
            }
            parse((String) value);
        }

        @Override
        public String toString() {
            return "rules separated by ';', see the documentation";
        }
    }
}
