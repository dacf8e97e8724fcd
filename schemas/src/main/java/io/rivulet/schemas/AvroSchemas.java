package io.rivulet.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Avro schemas of the pipeline's input topics, kept as {@code .avsc} resources next to this class so that
 * connectors, the aggregator, tests and the registry all read the same text.
 */
public enum AvroSchemas {
    /** The article's Order, unchanged. */
    ORDER_V1("order.avsc"),
    /** Order plus an optional {@code promo_code}: compatible both ways with v1 (FULL). */
    ORDER_V2("order-v2.avsc"),
    /** A browser click, as the article's listener produces it. */
    CLICK("click.avsc");

    private final String fileName;

    AvroSchemas(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** Classpath location, e.g. for {@code ClassLoader#getResource}. */
    public String resourcePath() {
        return "io/rivulet/schemas/" + fileName;
    }

    /** The schema's JSON text. */
    public String json() {
        try (InputStream in = AvroSchemas.class.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalStateException("Schema resource " + resourcePath() + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema resource " + resourcePath(), e);
        }
    }
}
