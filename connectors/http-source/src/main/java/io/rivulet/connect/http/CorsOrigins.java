package io.rivulet.connect.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A list of web origins as browsers send them in {@code Origin}: scheme and host, a port where it is not the
 * scheme's default, nothing else (a path or a trailing slash would never match); or {@code *}.
 */
public final class CorsOrigins implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
        if (!(value instanceof List<?> origins)) {
            return;
        }
        for (Object item : origins) {
            String origin = String.valueOf(item).trim();
            if (!origin.equals("*")) {
                check(name, origin);
            }
        }
    }

    private static void check(String name, String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            throw new ConfigException(name, origin, "not an origin such as https://shop.example.com: " + e.getMessage());
        }
        boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        boolean bare = uri.getHost() != null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
                && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!web || !bare) {
            throw new ConfigException(name, origin, "an origin is http(s)://host[:port] exactly as the browser sends "
                    + "it, without a path or a trailing slash, e.g. https://shop.example.com");
        }
    }

    @Override
    public String toString() {
        return "origins such as https://shop.example.com (http(s)://host[:port]), or *";
    }
}
