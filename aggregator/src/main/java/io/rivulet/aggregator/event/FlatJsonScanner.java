package io.rivulet.aggregator.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The common case of {@link FlatJson} without a general parser: an object whose values are ASCII strings without
 * escapes, integers of up to 18 digits, decimals without exponent, {@code true}, {@code false} or {@code null}, checked byte by
 * byte against JSON's grammar. It declines (returns null) at the first byte outside that subset (an escape, a
 * non-ASCII byte, a nested value, a leading zero, a long integer, a BOM, trailing content, any syntax error), and
 * Jackson then reads the value as the converter would. Creating a Jackson parser per record and tokenizing all of
 * the value cost about 400 ns of a click's 119 bytes on our machines, more than the rest of the aggregator's work
 * per event; this reads only the wanted fields' values, in one pass, without objects for the others. Values of one
 * source have the same keys in the same order, so each value is first read against the keys of the last one read
 * byte by byte ({@link Layout}), and only its values are scanned.
 */
final class FlatJsonScanner {
    private static final int MAX_EXACT_DIGITS = 18; // any 18-digit integer fits a long
    private static final int MAX_SHORT_DECIMAL_DIGITS = 15; // any 15-digit integer is a double exactly
    /** The powers of ten a double holds exactly. */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** Eight bytes of the value at a time, as one long (the first byte lowest). */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
    private static final long SPACES = 0x2020202020202020L;
    /** The wanted field names as ASCII bytes beside the names themselves; null: every field. */
    private final byte[][] names;
    private final String[] nameStrings;
    /** Each wanted name's first eight bytes as a word (zeros beyond a shorter name), to compare in one step. */
    private final long[] nameWords;
    /** Per wanted name, the mask of its bytes in a word ({@link #firstBytes}). */
    private final long[] nameMasks;
    /**
     * The wanted names by length: the index of the first name of each length (-1: none), and of the next name of
     * the same length after each name; so a key is compared with the names of its length only, usually one.
     */
    private final int[] firstOfLength;
    private final int[] nextOfLength;
    /** The keys of the last compact value read byte by byte: the next value is expected to have them too. */
    private volatile Layout layout;

    FlatJsonScanner(Set<String> wanted) {
        if (wanted == null) {
            names = null;
            nameStrings = null;
            nameWords = null;
            nameMasks = null;
            firstOfLength = null;
            nextOfLength = null;
        } else {
            nameStrings = wanted.toArray(String[]::new);
            names = new byte[nameStrings.length][];
            for (int i = 0; i < names.length; i++) {
                // A non-ASCII name never matches here: keys with non-ASCII bytes are declined, and Jackson reads them.
                names[i] = nameStrings[i].getBytes(StandardCharsets.UTF_8);
            }
            nameWords = new long[names.length];
            nameMasks = new long[names.length];
            for (int i = 0; i < names.length; i++) {
                nameMasks[i] = firstBytes(names[i].length);
                nameWords[i] = firstWord(names[i]);
            }
            int longest = Arrays.stream(names).mapToInt(name -> name.length).max().orElse(0);
            firstOfLength = new int[longest + 1];
            nextOfLength = new int[names.length];
            Arrays.fill(firstOfLength, -1);
            for (int i = names.length - 1; i >= 0; i--) {
                nextOfLength[i] = firstOfLength[names[i].length];
                firstOfLength[names[i].length] = i;
            }
        }
    }

    /** The first eight bytes of {@code bytes} as a word, zeros beyond a shorter one. */
    private static long firstWord(byte[] bytes) {
        return (long) WORDS.get(Arrays.copyOf(bytes, Math.max(Long.BYTES, bytes.length)), 0)
                & firstBytes(bytes.length);
    }

    /** A mask of the first {@code count} bytes of a word (all eight from eight on). */
    private static long firstBytes(int count) {
        return count >= Long.BYTES ? -1L : (1L << (count * Byte.SIZE)) - 1;
    }

    /** The object's wanted fields, or null when the value is outside the subset this reads. */
    Map<String, Object> scan(byte[] json) {
        Map<String, Object> fields = scanLikeLast(json);
        return fields != null ? fields : scanAny(json);
    }

    /** What {@link #scan} reads of {@code json} against the keys of the last value; null when it cannot so read it. */
    Map<String, Object> scanLikeLast(byte[] json) {
        Layout expected = layout;
        return expected == null ? null : scanLike(json, expected);
    }

    /**
     * The fields of a value written as compactly as the last one the general scan read, with the same keys in the
     * same order (as a source writes them, value after value): each key is checked as the bytes it had there, quotes
     * and colon included, instead of being scanned and looked up; the values are read as always. Null when the value
     * is anything else, for {@link #scanAny} to read.
     */
    private FlatFields scanLike(byte[] json, Layout layout) {
        int end = json.length;
        if (end < 2 || json[0] != '{') {
            return null;
        }
        FlatFields fields = new FlatFields(json, names.length);
        long seen = 0;
        int at = 1;
        int last = layout.keys.length - 1;
        for (int k = 0; k <= last; k++) {
            if (!layout.keyAt(json, at, k)) {
                return null;
            }
            at += layout.keys[k].length;
            int wanted = layout.wanted[k];
            long bit = seenBit(wanted);
            boolean firstTime = (seen & bit) == 0;
            seen |= bit;
            int valueEnd = at < end ? value(json, at, wanted >= 0 ? nameStrings[wanted] : null, firstTime, fields)
                    : -1;
            if (valueEnd < 0 || valueEnd >= end || json[valueEnd] != (k < last ? ',' : '}')) {
                return null;
            }
            at = valueEnd + 1;
        }
        return at == end ? fields : null;
    }

    /** Any value of the subset, byte by byte; a compact one's keys become the {@link #layout} expected next. */
    private Map<String, Object> scanAny(byte[] json) {
        int end = json.length;
        int at = skipSpace(json, 0);
        if (at >= end || json[at] != '{') {
            return null;
        }
        FlatFields fields = new FlatFields(json, names == null ? 8 : names.length);
        long seen = 0; // the wanted names (by index, the first 64) met so far
        at = skipSpace(json, at + 1);
        if (at < end && json[at] == '}') {
            return onlySpaceFrom(json, at + 1) ? fields : null;
        }
        // Where each key starts and ends, while the value is compact (no space between its tokens), for the layout.
        int[] keys = names == null || at != 1 ? null : new int[2 * Math.max(names.length, 8)];
        int keyCount = 0;
        while (true) {
            if (at >= end || json[at] != '"') {
                return null;
            }
            int keyEnd = stringEnd(json, at + 1);
            if (keyEnd < 0) {
                return null;
            }
            int wanted = names == null ? -1 : wanted(json, at + 1, keyEnd - at - 1);
            String name = names == null ? new String(json, at + 1, keyEnd - at - 1, StandardCharsets.US_ASCII)
                    : wanted >= 0 ? nameStrings[wanted] : null;
            int colon = skipSpace(json, keyEnd + 1);
            if (colon >= end || json[colon] != ':') {
                return null;
            }
            int valueAt = skipSpace(json, colon + 1);
            if (valueAt >= end) {
                return null;
            }
            if (keys != null && colon == keyEnd + 1 && valueAt == colon + 1) {
                if (2 * keyCount == keys.length) {
                    keys = Arrays.copyOf(keys, keys.length * 2);
                }
                keys[2 * keyCount] = at;
                keys[2 * keyCount++ + 1] = valueAt;
            } else {
                keys = null;
            }
            // A name not seen before in this object (the common case) needs no search for its earlier value.
            long bit = seenBit(wanted);
            boolean firstTime = (seen & bit) == 0;
            seen |= bit;
            int valueEnd = value(json, valueAt, name, firstTime, fields);
            if (valueEnd < 0) {
                return null;
            }
            at = skipSpace(json, valueEnd);
            if (at >= end) {
                return null;
            }
            if (at != valueEnd) {
                keys = null;
            }
            if (json[at] == '}') {
                if (!onlySpaceFrom(json, at + 1)) {
                    return null;
                }
                if (keys != null && at == end - 1) {
                    layout = Layout.of(json, keys, keyCount, this);
                }
                return fields;
            }
            if (json[at] != ',') {
                return null;
            }
            at = skipSpace(json, at + 1);
            if (at != valueEnd + 1) {
                keys = null;
            }
        }
    }

    /**
     * A wanted name's bit in the names met so far (the first 64 names have one); 0 for the others and for names not
     * wanted, which then count as met for the first time.
     */
    private static long seenBit(int wanted) {
        return wanted >= 0 && wanted < Long.SIZE ? 1L << wanted : 0;
    }

    /**
     * Reads the value at {@code at} into {@code fields} under {@code name} (null: a name not wanted, only checked);
     * returns where it ends, or -1 when it is outside the subset. {@code firstTime}: the name has no value yet.
     */
    private int value(byte[] json, int at, String name, boolean firstTime, FlatFields fields) {
        int valueEnd;
        Object value;
        int stringFrom = -1; // a string value: where it starts (it ends at valueEnd - 1)
        int integerFrom = -1; // an integer value of a wanted name: where it starts (kept as a long, not boxed)
        byte first = json[at];
        if (first == '"') {
            int close = stringEnd(json, at + 1);
            if (close < 0) {
                return -1;
            }
            value = null;
            stringFrom = at + 1;
            valueEnd = close + 1;
        } else if (names != null && name != null && (valueEnd = integerEnd(json, at)) > 0) {
            value = null; // the common case, read in one pass below
            integerFrom = at;
        } else if (first == '-' || (first >= '0' && first <= '9')) {
            valueEnd = numberEnd(json, at);
            if (valueEnd < 0) {
                return -1;
            }
            value = name == null ? null : number(json, at, valueEnd);
            if (name != null && value == null) {
                return -1;
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
            return -1; // a nested value, or not JSON
        }
        // A repeated name: the last value, as the converter's tree keeps it.
        if (names == null) {
            fields.put(name, stringFrom < 0 ? value
                    : new String(json, stringFrom, valueEnd - 1 - stringFrom, StandardCharsets.US_ASCII));
        } else if (name != null) {
            if (stringFrom >= 0) { // decoded only if read as a string
                fields.putString(name, stringFrom, valueEnd - 1 - stringFrom, firstTime);
            } else if (integerFrom >= 0) {
                fields.putInteger(name, integer(json, integerFrom, valueEnd), firstTime);
            } else {
                fields.put(name, value, firstTime);
            }
        }
        return valueEnd;
    }

    /**
     * The keys of a compact value in order, each as its bytes from the opening quote to the colon, and which wanted
     * name each is (-1: none). Immutable, so threads sharing the scanner may read it while another replaces it.
     */
    private static final class Layout {
        private final byte[][] keys;
        private final int[] wanted;
        /** Per key: its first eight bytes as a word (masked when shorter), and its last eight when longer. */
        private final long[] firstWords;
        private final long[] lastWords;

        private Layout(byte[][] keys, int[] wanted) {
            this.keys = keys;
            this.wanted = wanted;
            firstWords = new long[keys.length];
            lastWords = new long[keys.length];
            for (int k = 0; k < keys.length; k++) {
                byte[] key = keys[k];
                firstWords[k] = firstWord(key);
                lastWords[k] = key.length >= Long.BYTES ? (long) WORDS.get(key, key.length - Long.BYTES) : 0;
            }
        }

        /** {@code keyCount} keys of {@code json}, each from its opening quote (even entries) to its value (odd). */
        static Layout of(byte[] json, int[] keyRanges, int keyCount, FlatJsonScanner scanner) {
            byte[][] keys = new byte[keyCount][];
            int[] wanted = new int[keyCount];
            for (int k = 0; k < keyCount; k++) {
                int from = keyRanges[2 * k];
                keys[k] = Arrays.copyOfRange(json, from, keyRanges[2 * k + 1]);
                wanted[k] = scanner.wanted(keys[k], 1, keys[k].length - 3); // between the quotes
            }
            return new Layout(keys, wanted);
        }

        /** Whether the bytes of {@code json} at {@code at} are key {@code k}'s. */
        boolean keyAt(byte[] json, int at, int k) {
            int length = keys[k].length;
            if (json.length - at < Math.max(length, Long.BYTES)) {
                return json.length - at >= length && Arrays.equals(json, at, at + length, keys[k], 0, length);
            }
            long first = (long) WORDS.get(json, at);
            if (length < Long.BYTES) {
                return (first & firstBytes(length)) == firstWords[k];
            }
            return first == firstWords[k] && (long) WORDS.get(json, at + length - Long.BYTES) == lastWords[k];
        }
    }

    /**
     * The index in {@link #nameStrings} of the wanted name that is the key of {@code length} bytes from
     * {@code from}, or -1 when none is: compared with the names of that length, a word at a time where eight bytes
     * are left (a key is followed by at least its closing quote, a colon and a value), else byte by byte.
     */
    private int wanted(byte[] json, int from, int length) {
        if (length >= firstOfLength.length) {
            return -1;
        }
        for (int i = firstOfLength[length]; i >= 0; i = nextOfLength[i]) {
            boolean same = json.length - from >= Long.BYTES
                    ? ((long) WORDS.get(json, from) & nameMasks[i]) == nameWords[i]
                            && (length <= Long.BYTES || sameBytes(json, from, names[i], Long.BYTES))
                    : sameBytes(json, from, names[i], 0);
            if (same) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The end of an integer of at most {@value #MAX_EXACT_DIGITS} digits without a leading zero starting at
     * {@code from} and followed by neither a fraction nor an exponent; -1 for anything else.
     */
    private static int integerEnd(byte[] json, int from) {
        int digitsFrom = json[from] == '-' ? from + 1 : from;
        int at = digitsEnd(json, digitsFrom);
        int digits = at - digitsFrom;
        if (digits == 0 || digits > MAX_EXACT_DIGITS || (json[digitsFrom] == '0' && digits > 1)) {
            return -1;
        }
        if (at < json.length && (json[at] == '.' || json[at] == 'e' || json[at] == 'E')) {
            return -1;
        }
        return at;
    }

    /** The integer {@link #integerEnd} found from {@code from} to {@code to}. */
    private static long integer(byte[] json, int from, int to) {
        boolean negative = json[from] == '-';
        long value = 0;
        for (int at = negative ? from + 1 : from; at < to; at++) {
            value = value * 10 + (json[at] - '0');
        }
        return negative ? -value : value;
    }

    /** A plain loop: names are a few bytes, shorter than the vectorized comparison's set-up pays for. */
    private static boolean sameBytes(byte[] json, int from, byte[] name, int skip) {
        for (int i = skip; i < name.length; i++) {
            if (json[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the closing quote of a string starting at {@code from}; -1 outside the subset. Eight bytes at a
     * time: a word holds none of the bytes that end the scan (a quote, a backslash, a control or a non-ASCII byte)
     * when these bit tricks find none; otherwise the lowest one they flag is the first such byte.
     */
    private static int stringEnd(byte[] json, int from) {
        int i = from;
        for (; i <= json.length - Long.BYTES; i += Long.BYTES) {
            long word = (long) WORDS.get(json, i);
            long quote = word ^ QUOTES;
            long backslash = word ^ BACKSLASHES;
            long stops = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((word - SPACES) & ~word)
                    | word;
            stops &= HIGH_BITS;
            if (stops != 0) {
                int at = i + Long.numberOfTrailingZeros(stops) / Byte.SIZE;
                return json[at] == '"' ? at : -1;
            }
        }
        for (; i < json.length; i++) {
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
        long value = 0;
        int at = digitsFrom;
        for (; at < to && json[at] >= '0' && json[at] <= '9'; at++) {
            value = value * 10 + (json[at] - '0'); // overflows only beyond 18 digits, declined below
        }
        if (at < to) { // a fraction, maybe an exponent
            Object decimal = shortDecimal(json, at, to, value, at - digitsFrom, negative);
            if (decimal != null) {
                return decimal;
            }
            for (int i = at; i < to; i++) {
                if (json[i] == 'e' || json[i] == 'E') {
                    return null;
                }
            }
            return new BigDecimal(new String(json, from, to - from, StandardCharsets.US_ASCII)).doubleValue();
        }
        if (at - digitsFrom > MAX_EXACT_DIGITS) {
            return null;
        }
        return negative ? -value : value;
    }

    /**
     * A decimal of at most 15 digits without an exponent ({@code json[point]} its point), as
     * {@code BigDecimal.doubleValue()} reads it without a BigDecimal or a String: both integers then fit a double
     * exactly, so one division rounds once, correctly, as the JDK does in that case; a negative zero comes out as
     * zero, as from a BigDecimal. Null for any other number.
     */
    private static Object shortDecimal(byte[] json, int point, int to, long integer, int integerDigits,
                                       boolean negative) {
        if (json[point] != '.') {
            return null;
        }
        long unscaled = integer;
        int at = point + 1;
        for (; at < to && json[at] >= '0' && json[at] <= '9'; at++) {
            unscaled = unscaled * 10 + (json[at] - '0');
        }
        int scale = at - point - 1;
        if (at < to || integerDigits + scale > MAX_SHORT_DECIMAL_DIGITS || scale >= POWERS_OF_TEN.length) {
            return null;
        }
        return (double) (negative ? -unscaled : unscaled) / POWERS_OF_TEN[scale];
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
        if (from < json.length && json[from] > ' ') {
            return from; // the common case, in one comparison: no byte above a space is one
        }
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
