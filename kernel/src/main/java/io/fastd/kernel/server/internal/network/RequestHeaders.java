package io.fastd.kernel.server.internal.network;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;

/**
 * A request's headers on their way into an {@code HttpRequest}, which copies them: lower-cased
 * names, each with all its values in order, in two small arrays instead of a map's entries. Read
 * once ({@link #forEach}); not thread-safe and only for up to {@link #MAX_NAMES} names (the name
 * lookup is a scan), more go to a regular map.
 */
final class RequestHeaders extends AbstractMap<String, List<String>> {

    /** The most names kept here; a request with more is converted through a tree map. */
    static final int MAX_NAMES = 16;

    private final String[] names;
    /** Per name its one value (a String), or its values (an ArrayList). */
    private final Object[] values;
    private int size;

    RequestHeaders(int capacity) {
        names = new String[Math.min(capacity, MAX_NAMES)];
        values = new Object[names.length];
    }

    /** Adds one value of {@code name} (lower case); false, adding nothing, if a new name does not fit. */
    boolean add(String name, String value) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                if (values[i] instanceof ArrayList<?> list) {
                    @SuppressWarnings("unchecked")
                    List<String> more = (List<String>) list;
                    more.add(value);
                } else {
                    List<String> more = new ArrayList<>(4);
                    more.add((String) values[i]);
                    more.add(value);
                    values[i] = more;
                }
                return true;
            }
        }
        if (size == names.length) {
            return false;
        }
        names[size] = name;
        values[size++] = value;
        return true;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super List<String>> action) {
        for (int i = 0; i < size; i++) {
            action.accept(names[i], valuesAt(i));
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> valuesAt(int index) {
        return values[index] instanceof String one ? List.of(one) : (List<String>) values[index];
    }

    @Override
    public java.util.Set<Map.Entry<String, List<String>>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, List<String>>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, List<String>> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int index = next++;
                        return new SimpleImmutableEntry<>(names[index], valuesAt(index));
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
