package io.rivulet.connect.http.pull;

import java.util.Arrays;
import java.util.Locale;

/** How an endpoint's next position is found; each keeps different fields in the source offset. */
public enum Pagination {
    CURSOR, LINK, PAGE, INCREMENTING;

    public static String[] names() {
        return Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    public static Pagination of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
