package io.rivulet.aggregator.event;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The few fields {@link FlatJsonScanner} read, as a map in two small arrays: a read takes a handful of identity
 * comparisons (the names are the wanted strings themselves) instead of a hash table's nodes per record. A name put
 * again replaces its value, as in the converter's tree. String values stay where they are in the scanned bytes until
 * someone reads them as strings: the aggregator reads a user id as the bytes its state keys on, and a click's event
 * id only when the click is late, so most values never become strings.
 */
final class FlatFields extends AbstractMap<String, Object> {
    /** The value of a string not decoded yet. */
    private static final Object UNDECODED = new Object();
    /** The value of an integer not boxed yet: the long is in {@link #slices}. */
    private static final Object INTEGER = new Object();
    private final byte[] source;
    private String[] names;
    private Object[] values;
    /** Per field: where its string value lies in {@link #source} ({@link #slice}), or -1 for other values. */
    private long[] slices;
    private int size;

    FlatFields(byte[] source, int expected) {
        this.source = source;
        names = new String[Math.max(expected, 1)];
        values = new Object[names.length];
        slices = new long[names.length];
    }

    @Override
    public Object put(String name, Object value) {
        int at = indexOf(name);
        Object before = at >= 0 ? value(at) : null;
        set(at, name, value, -1);
        return before;
    }

    /**
     * {@link #put} of a name of one set of strings, which are equal only when they are the same string;
     * {@code first}: the name has no value here yet.
     */
    void put(String name, Object value, boolean first) {
        set(first ? -1 : canonicalIndexOf(name), name, value, -1);
    }

    /** {@link #put(String, Object, boolean)} of a string value: {@code length} ASCII bytes from {@code from}. */
    void putString(String name, int from, int length, boolean first) {
        set(first ? -1 : canonicalIndexOf(name), name, UNDECODED, (long) from << 32 | length);
    }

    /** {@link #put(String, Object, boolean)} of an integer, boxed only if read as an object. */
    void putInteger(String name, long value, boolean first) {
        set(first ? -1 : canonicalIndexOf(name), name, INTEGER, value);
    }

    /** Whether {@code name}'s value is an integer read from the source ({@link #integer} reads it). */
    boolean isInteger(String name) {
        int at = indexOf(name);
        return at >= 0 && (values[at] == INTEGER || values[at] instanceof Long);
    }

    /** The integer value of {@code name}, which {@link #isInteger} says it is. */
    long integer(String name) {
        int at = indexOf(name);
        return values[at] == INTEGER ? slices[at] : (Long) values[at];
    }

    private int canonicalIndexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        return -1;
    }

    /** Sets the value at {@code at}, or of a new name when {@code at} is -1. */
    private void set(int at, String name, Object value, long slice) {
        if (at >= 0) {
            values[at] = value;
            slices[at] = slice;
            return;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
            slices = Arrays.copyOf(slices, size * 2);
        }
        names[size] = name;
        values[size] = value;
        slices[size++] = slice;
    }

    @Override
    public Object get(Object name) {
        int at = indexOf(name);
        return at >= 0 ? value(at) : null;
    }

    /**
     * Where {@code name}'s value lies in {@link #source()} when it is a string read from there: the offset in the
     * high half, the length in the low half; -1 when it is absent or no such string.
     */
    long slice(String name) {
        int at = indexOf(name);
        return at >= 0 && values[at] != INTEGER ? slices[at] : -1;
    }

    /** The bytes the fields were read from. */
    byte[] source() {
        return source;
    }

    static int sliceFrom(long slice) {
        return (int) (slice >>> 32);
    }

    static int sliceLength(long slice) {
        return (int) slice;
    }

    private Object value(int at) {
        Object value = values[at];
        if (value == UNDECODED) {
            value = new String(source, sliceFrom(slices[at]), sliceLength(slices[at]), StandardCharsets.US_ASCII);
            values[at] = value;
        } else if (value == INTEGER) {
            value = slices[at];
            values[at] = value;
            slices[at] = -1; // no string: slice() says so
        }
        return value;
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int at = next++;
                        return new SimpleImmutableEntry<>(names[at], value(at));
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
