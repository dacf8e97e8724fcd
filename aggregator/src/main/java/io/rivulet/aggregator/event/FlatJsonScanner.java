package io.rivulet.aggregator.event;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The common case of {@link FlatJson} without a general parser: an object whose values are ASCII strings without
 * escapes, integers of up to 18 digits, decimals without exponent, {@code true}, {@code false} or {@code null}, checked byte by
 * byte against JSON's grammar. It declines (returns null) at the first byte outside that subset (an escape, a
 * non-ASCII byte, a nested value, a leading zero, a long integer, a BOM, trailing content, any syntax error), and
 * Jackson then reads the value as the converter would. Creating a Jackson parser per record and tokenizing all of
 * the value cost about 400 ns of a click's 119 bytes on our machines, more than the rest of the aggregator's work
 * per event; this reads only the wanted fields' values, in one pass, without objects for the others.
 */
final class FlatJsonScanner {
    private static final int MAX_EXACT_DIGITS = 18; // any 18-digit integer fits a long
    /** The wanted field names as ASCII bytes beside the names themselves; null: every field. */
    private final byte[][] names;
    private final String[] nameStrings;

    FlatJsonScanner(Set<String> wanted) {
        if (wanted == null) {
            names = null;
            nameStrings = null;
        } else {
            nameStrings = wanted.toArray(String[]::new);
            names = new byte[nameStrings.length][];
            for (int i = 0; i < names.length; i++) {
                // A non-ASCII name never matches here: keys with non-ASCII bytes are declined, and Jackson reads them.
                names[i] = nameStrings[i].getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    /** The object's wanted fields, or null when the value is outside the subset this reads. */
    Map<String, Object> scan(byte[] json) {
        int end = json.length;
        int at = skipSpace(json, 0);
        if (at >= end || json[at] != '{') {
            return null;
        }
        FlatFields fields = new FlatFields(names == null ? 8 : names.length);
        at = skipSpace(json, at + 1);
        if (at < end && json[at] == '}') {
            return onlySpaceFrom(json, at + 1) ? fields : null;
        }
        while (true) {
            if (at >= end || json[at] != '"') {
                return null;
            }
            int keyEnd = stringEnd(json, at + 1);
            if (keyEnd < 0) {
                return null;
            }
            String name = name(json, at + 1, keyEnd);
            at = skipSpace(json, keyEnd + 1);
            if (at >= end || json[at] != ':') {
                return null;
            }
            at = skipSpace(json, at + 1);
            if (at >= end) {
                return null;
            }
            int valueEnd;
            Object value;
            byte first = json[at];
            if (first == '"') {
                int close = stringEnd(json, at + 1);
                if (close < 0) {
                    return null;
                }
                value = name == null ? null : new String(json, at + 1, close - at - 1, StandardCharsets.US_ASCII);
                valueEnd = close + 1;
            } else if (first == '-' || (first >= '0' && first <= '9')) {
                valueEnd = numberEnd(json, at);
                if (valueEnd < 0) {
                    return null;
                }
                value = name == null ? null : number(json, at, valueEnd);
                if (name != null && value == null) {
                    return null;
                }
            } else if (matches(json, at, "true")) {
                value = Boolean.TRUE;
                valueEnd = at + 4;
            } else if (matches(json, at, "false")) {
                value = Boolean.FALSE;
                valueEnd = at + 5;
            } else if (matches(json, at, "null")) {
                value = null;
                valueEnd = at + 4;
            } else {
                return null; // a nested value, or not JSON
            }
            // A repeated name: the last value, as the converter's tree keeps it.
            if (names == null) {
                fields.put(name, value);
            } else if (name != null) {
                fields.putCanonical(name, value); // the name is one of nameStrings
            }
            at = skipSpace(json, valueEnd);
            if (at >= end) {
                return null;
            }
            if (json[at] == '}') {
                return onlySpaceFrom(json, at + 1) ? fields : null;
            }
            if (json[at] != ',') {
                return null;
            }
            at = skipSpace(json, at + 1);
        }
    }

    /** The field's name when it is wanted, else null. */
    private String name(byte[] json, int from, int to) {
        if (names == null) {
            return new String(json, from, to - from, StandardCharsets.US_ASCII);
        }
        int length = to - from;
        for (int i = 0; i < names.length; i++) {
            if (names[i].length == length && sameBytes(json, from, names[i])) {
                return nameStrings[i];
            }
        }
        return null;
    }

    /** A plain loop: names are a few bytes, shorter than the vectorized comparison's set-up pays for. */
    private static boolean sameBytes(byte[] json, int from, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (json[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the closing quote of a string starting at {@code from}; -1 outside the subset. */
    private static int stringEnd(byte[] json, int from) {
        for (int i = from; i < json.length; i++) {
            byte b = json[i];
            if (b == '"') {
                return i;
            }
            if (b < 0x20 || b == '\\') { // bytes of 0x80 and above are negative: non-ASCII
                return -1;
            }
        }
        return -1;
    }

    /** The end of a number starting at {@code from} by JSON's grammar without leading zeros; -1 when it is none. */
    private static int numberEnd(byte[] json, int from) {
        int at = from;
        if (json[at] == '-') {
            at++;
        }
        int digits = digitsEnd(json, at);
        if (digits == at || (json[at] == '0' && digits - at > 1)) {
            return -1;
        }
        at = digits;
        if (at < json.length && json[at] == '.') {
            digits = digitsEnd(json, at + 1);
            if (digits == at + 1) {
                return -1;
            }
            at = digits;
        }
        if (at < json.length && (json[at] == 'e' || json[at] == 'E')) {
            at++;
            if (at < json.length && (json[at] == '+' || json[at] == '-')) {
                at++;
            }
            digits = digitsEnd(json, at);
            if (digits == at) {
                return -1;
            }
            at = digits;
        }
        return at;
    }

    private static int digitsEnd(byte[] json, int from) {
        int at = from;
        while (at < json.length && json[at] >= '0' && json[at] <= '9') {
            at++;
        }
        return at;
    }

    /**
     * A Long for integers, a Double for decimals, as the converter reads them; null (Jackson decides) beyond 18
     * digits and for exponents, whose range is Jackson's to judge.
     */
    private static Object number(byte[] json, int from, int to) {
        boolean negative = json[from] == '-';
        int digitsFrom = negative ? from + 1 : from;
        boolean integral = true;
        for (int i = digitsFrom; i < to; i++) {
            if (json[i] == 'e' || json[i] == 'E') {
                return null;
            }
            if (json[i] == '.') {
                integral = false;
            }
        }
        if (!integral) {
            return new BigDecimal(new String(json, from, to - from, StandardCharsets.US_ASCII)).doubleValue();
        }
        if (to - digitsFrom > MAX_EXACT_DIGITS) {
            return null;
        }
        long value = 0;
        for (int i = digitsFrom; i < to; i++) {
            value = value * 10 + (json[i] - '0');
        }
        return negative ? -value : value;
    }

    private static boolean matches(byte[] json, int at, String literal) {
        if (at + literal.length() > json.length) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (json[at + i] != literal.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(byte[] json, int from) {
        int at = from;
        while (at < json.length && (json[at] == ' ' || json[at] == '\n' || json[at] == '\r' || json[at] == '\t')) {
            at++;
        }
        return at;
    }

    private static boolean onlySpaceFrom(byte[] json, int from) {
        return skipSpace(json, from) == json.length;
    }
}
