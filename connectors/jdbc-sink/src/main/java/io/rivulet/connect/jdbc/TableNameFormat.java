package io.rivulet.connect.jdbc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code table.name.format}: a table name from a topic, with ${topic} and ${topic.last}. */
public final class TableNameFormat {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private TableNameFormat() {
    }

    public static String tableName(String format, String topic) {
        String last = topic.substring(topic.lastIndexOf('.') + 1);
        return format.replace("${topic.last}", last).replace("${topic}", topic);
    }

    /** The first variable the format uses that is not known, or null. */
    static String unknownVariable(String format) {
        Matcher matcher = VARIABLE.matcher(format);
        while (matcher.find()) {
            if (!matcher.group(1).equals("topic") && !matcher.group(1).equals("topic.last")) {
                return matcher.group();
            }
        }
        return null;
    }
}
