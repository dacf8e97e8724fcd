package io.rivulet.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A name from a topic, as the sinks' {@code table.name.format} and {@code druid.datasource.format} take it:
 * {@code ${topic}} is the whole topic, {@code ${topic.last}} the part after its last dot.
 */
public final class TopicNameFormat {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private TopicNameFormat() {
    }

    public static String apply(String format, String topic) {
        String last = topic.substring(topic.lastIndexOf('.') + 1);
        return format.replace("${topic.last}", last).replace("${topic}", topic);
    }

    /** The first variable the format uses that is not known (or an unclosed {@code ${}), or null. */
    public static String unknownVariable(String format) {
        Matcher matcher = VARIABLE.matcher(format);
        while (matcher.find()) {
            if (!matcher.group(1).equals("topic") && !matcher.group(1).equals("topic.last")) {
                return matcher.group();
            }
        }
        String rest = matcher.replaceAll("");
        int unclosed = rest.indexOf("${");
        return unclosed < 0 ? null : rest.substring(unclosed);
    }

    /** The message for {@link #unknownVariable}'s finding. */
    public static String unknownVariableMessage(String variable) {
        return "unknown variable " + variable + "; use ${topic} or ${topic.last}";
    }
}
