package io.rivulet.connect.http.pull;

import java.net.URI;
import java.util.regex.Pattern;

/** URLs as they may appear in messages and logs: without credentials or secret-looking query values. */
public final class Urls {
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "([?&][^=&]*(?:key|token|secret|password|passwd|signature|sig|auth)[^=&]*=)[^&#]*",
            Pattern.CASE_INSENSITIVE);

    private Urls() {
    }

    public static String redact(URI uri) {
        return redact(uri.toString());
    }

    public static String redact(String url) {
        String withoutUser = url.replaceFirst("^(\\w+://)[^/@]*@", "$1");
        return SECRET_PARAM.matcher(withoutUser).replaceAll("$1***");
    }
}
