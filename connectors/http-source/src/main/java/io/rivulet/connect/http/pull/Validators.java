package io.rivulet.connect.http.pull;

/**
 * What an answer said to recognise its content by ({@code ETag}, {@code Last-Modified}), sent back with the same
 * request as {@code If-None-Match} and {@code If-Modified-Since}, so that an API with nothing new answers 304 instead
 * of sending the page again. Either may be null.
 */
public record Validators(String etag, String lastModified) {
    public static final Validators NONE = new Validators(null, null);

    public boolean any() {
        return etag != null || lastModified != null;
    }
}
