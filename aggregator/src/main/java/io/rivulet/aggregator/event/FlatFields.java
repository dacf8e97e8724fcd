package io.rivulet.aggregator.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The few fields {@link FlatJsonScanner} read, as a map in two small arrays: a read takes a handful of identity
 * comparisons (the names are the wanted strings themselves) instead of a hash table's nodes per record. A name put
 * again replaces its value, as in the converter's tree.
 */
final class FlatFields extends AbstractMap<String, Object> {
    private String[] names;
    private Object[] values;
    private int size;

    FlatFields(int expected) {
        names = new String[Math.max(expected, 1)];
        values = new Object[names.length];
    }

    @Override
    public Object put(String name, Object value) {
        return set(indexOf(name), name, value);
    }

    /** {@link #put} for names of one set of strings, which are equal only when they are the same string. */
    void putCanonical(String name, Object value) {
        int at = -1;
        for (int i = 0; i < size && at < 0; i++) {
            if (names[i] == name) {
                at = i;
            }
        }
        set(at, name, value);
    }

    private Object set(int at, String name, Object value) {
        if (at >= 0) {
            Object before = values[at];
            values[at] = value;
            return before;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size++] = value;
        return null;
    }

    @Override
    public Object get(Object name) {
        int at = indexOf(name);
        return at >= 0 ? values[at] : null;
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
                        return new SimpleImmutableEntry<>(names[at], values[at]);
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
