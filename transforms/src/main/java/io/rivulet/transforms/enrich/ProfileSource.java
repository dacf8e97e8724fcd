package io.rivulet.transforms.enrich;

/** Where profiles come from: Redis in production, anything in unit tests. */
public interface ProfileSource extends AutoCloseable {
    /**
     * The values of {@code fields} in the hash at {@code key}, in order, null for a missing field; all null when the
     * key does not exist. Throws {@link ProfileSourceException} when the store cannot be asked.
     */
    String[] fetch(String key, String[] fields);

    @Override
    void close();
}
