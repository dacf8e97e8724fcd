package io.rivulet.transforms;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import io.rivulet.common.ConfigEnums;
import io.rivulet.common.UnknownKeys;
import io.rivulet.transforms.enrich.FieldMapping;
import io.rivulet.transforms.enrich.KeyTemplate;

/** Configuration of the {@link RedisEnrich} transform. */
public class RedisEnrichConfig extends AbstractConfig {
    private static final String REDIS_GROUP = "Redis";
    private static final String LOOKUP_GROUP = "Lookup";
    private static final String CACHE_GROUP = "Cache";

    public static final String URI_CONFIG = "redis.uri";

    public static final String USERNAME_CONFIG = "redis.username";

    public static final String PASSWORD_CONFIG = "redis.password";

    public static final String TIMEOUT_MS_CONFIG = "redis.timeout.ms";
    public static final int TIMEOUT_MS_DEFAULT = 2000;

    public static final String POOL_SIZE_CONFIG = "redis.pool.size";
    public static final int POOL_SIZE_DEFAULT = 4;

    public static final String KEY_TEMPLATE_CONFIG = "key.template";

    public static final String FIELDS_CONFIG = "fields";

    public static final String DEFAULT_VALUE_CONFIG = "default.value";
    public static final String DEFAULT_VALUE_DEFAULT = "unknown";

    public static final String ON_MISS_CONFIG = "on.miss";

    public static final String ON_ERROR_CONFIG = "on.error";

    public static final String CACHE_MAX_ENTRIES_CONFIG = "cache.max.entries";
    public static final long CACHE_MAX_ENTRIES_DEFAULT = 100_000L;

    public static final String CACHE_TTL_MS_CONFIG = "cache.ttl.ms";
    public static final long CACHE_TTL_MS_DEFAULT = 60_000L;

    public static final String METRICS_NAME_CONFIG = "metrics.name";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(URI_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new UriValidator(), Importance.HIGH,
                    "Redis server: redis://host:port[/database], or rediss://... for TLS. Credentials go in "
                            + "redis.username and redis.password, not in the URI.",
                    REDIS_GROUP, 1, Width.LONG, "Redis URI")
            .define(USERNAME_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "ACL user name (Redis 6+); empty uses the default user.", REDIS_GROUP, 2, Width.MEDIUM, "User name")
            .define(PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH,
                    "Password for AUTH; empty means no authentication. Use a config provider, e.g. "
                            + "${file:/mnt/rivulet/secrets/secrets.properties:redis.password}.",
                    REDIS_GROUP, 3, Width.MEDIUM, "Password")
            .define(TIMEOUT_MS_CONFIG, Type.INT, TIMEOUT_MS_DEFAULT, Range.between(1, 600_000), Importance.LOW,
                    "Connect and read timeout of a Redis call, and the longest wait for a pooled connection.",
                    REDIS_GROUP, 4, Width.SHORT, "Timeout (ms)")
            .define(POOL_SIZE_CONFIG, Type.INT, POOL_SIZE_DEFAULT, Range.between(1, 1024), Importance.LOW,
                    "Most connections this transform opens to Redis.", REDIS_GROUP, 5, Width.SHORT, "Pool size")
            .define(KEY_TEMPLATE_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new TemplateValidator(),
                    Importance.HIGH,
                    "The hash to read for a record, with {field} placeholders taking dotted paths into the record "
                            + "value, e.g. user:{user_id}.",
                    LOOKUP_GROUP, 1, Width.MEDIUM, "Key template")
            .define(FIELDS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new FieldsValidator(), Importance.HIGH,
                    "Hash fields to copy into the record value, each 'name' (same name in the record) or "
                            + "'hashField:recordField'. Added fields are optional strings.",
                    LOOKUP_GROUP, 2, Width.MEDIUM, "Fields")
            .define(DEFAULT_VALUE_CONFIG, Type.STRING, DEFAULT_VALUE_DEFAULT, Importance.MEDIUM,
                    "The value written when the profile or the field is missing (on.miss=default) or Redis could not "
                            + "be asked (on.error=default).",
                    LOOKUP_GROUP, 3, Width.SHORT, "Default value")
            .define(ON_MISS_CONFIG, Type.STRING, "default", ConfigEnums.validator(OnMiss.class),
                    Importance.MEDIUM,
                    "A record whose profile or field is missing: 'default' writes default.value, 'null' writes null, "
                            + "'fail' stops the task with an error naming the record and the key.",
                    LOOKUP_GROUP, 4, Width.SHORT, "On missing profile",
                    ConfigEnums.recommender(OnMiss.class))
            .define(ON_ERROR_CONFIG, Type.STRING, "fail", ConfigEnums.validator(OnError.class), Importance.HIGH,
                    "Redis cannot be asked: 'fail' throws a retriable error, so the task fails (or retries, with "
                            + "errors.retry.timeout) and the record's offset is not committed; 'default' lets the "
                            + "record pass with default.value and a header rivulet.enrich.error saying why.",
                    LOOKUP_GROUP, 5, Width.SHORT, "On Redis error",
                    ConfigEnums.recommender(OnError.class))
            .define(CACHE_MAX_ENTRIES_CONFIG, Type.LONG, CACHE_MAX_ENTRIES_DEFAULT, Range.atLeast(0),
                    Importance.MEDIUM,
                    "Most profiles kept in memory; 0 turns the cache off.",
                    CACHE_GROUP, 1, Width.SHORT, "Cache size")
            .define(CACHE_TTL_MS_CONFIG, Type.LONG, CACHE_TTL_MS_DEFAULT, Range.atLeast(1), Importance.MEDIUM,
                    "How long a cached profile (or a cached miss) is used before Redis is asked again: the longest a "
                            + "profile change takes to show.",
                    CACHE_GROUP, 2, Width.SHORT, "Cache TTL (ms)")
            .define(METRICS_NAME_CONFIG, Type.STRING, "", Importance.LOW,
                    "The 'name' of this transform's JMX bean (io.rivulet.transforms:type=RedisEnrich,name=...). Empty: "
                            + "the key template.",
                    CACHE_GROUP, 3, Width.MEDIUM, "Metrics name");

    public RedisEnrichConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
        UnknownKeys.requireNone("RedisEnrich", CONFIG_DEF, props);
    }

    public URI uri() {
        return URI.create(getString(URI_CONFIG).trim());
    }

    /** The user name, or null for the default user. */
    public String username() {
        String user = getString(USERNAME_CONFIG);
        return user.isEmpty() ? null : user;
    }

    /** The password, or null when none is set. */
    public String password() {
        Password password = getPassword(PASSWORD_CONFIG);
        return password == null || password.value().isEmpty() ? null : password.value();
    }

    public int timeoutMs() {
        return getInt(TIMEOUT_MS_CONFIG);
    }

    public int poolSize() {
        return getInt(POOL_SIZE_CONFIG);
    }

    public KeyTemplate keyTemplate() {
        return KeyTemplate.parse(getString(KEY_TEMPLATE_CONFIG));
    }

    public List<FieldMapping> fields() {
        return FieldMapping.parse(getList(FIELDS_CONFIG));
    }

    public String defaultValue() {
        return getString(DEFAULT_VALUE_CONFIG);
    }

    public OnMiss onMiss() {
        return ConfigEnums.parse(OnMiss.class, ON_MISS_CONFIG, getString(ON_MISS_CONFIG));
    }

    public OnError onError() {
        return ConfigEnums.parse(OnError.class, ON_ERROR_CONFIG, getString(ON_ERROR_CONFIG));
    }

    public long cacheMaxEntries() {
        return getLong(CACHE_MAX_ENTRIES_CONFIG);
    }

    public Duration cacheTtl() {
        return Duration.ofMillis(getLong(CACHE_TTL_MS_CONFIG));
    }

    public String metricsName() {
        String name = getString(METRICS_NAME_CONFIG);
        return name.isEmpty() ? getString(KEY_TEMPLATE_CONFIG) : name;
    }

    private static final class UriValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "a redis:// or rediss:// URI is needed");
            }
            URI uri;
            try {
                uri = new URI(value.toString().trim());
            } catch (URISyntaxException e) {
                throw new ConfigException(name, "(not shown)", "not a URI: " + e.getReason());
            }
            if (uri.getRawUserInfo() != null) {
                // Never echo the value: it holds a secret.
                throw new ConfigException(name, "(not shown)", "credentials in the URI would be shown in the "
                        + "config; set " + USERNAME_CONFIG + " and " + PASSWORD_CONFIG + " instead");
            }
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
                throw new ConfigException(name, value, "the scheme must be redis or rediss");
            }
            if (uri.getHost() == null) {
                throw new ConfigException(name, value, "no host");
            }
            String path = uri.getPath();
            if (path != null && path.length() > 1 && !path.substring(1).matches("\\d+")) {
                throw new ConfigException(name, value, "the path, if any, is the database number, e.g. /0");
            }
        }

        @Override
        public String toString() {
            return "redis://host:port[/db] or rediss://host:port[/db]";
        }
    }

    private static final class TemplateValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "a key template such as user:{user_id} is needed");
            }
            try {
                KeyTemplate.parse(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "text with {field.path} placeholders, e.g. user:{user_id}";
        }
    }

    private static final class FieldsValidator implements ConfigDef.Validator {
        @Override
        @SuppressWarnings("unchecked")
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "at least one field is needed");
            }
            try {
                FieldMapping.parse((List<String>) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "list of hashField or hashField:recordField";
        }
    }
}
