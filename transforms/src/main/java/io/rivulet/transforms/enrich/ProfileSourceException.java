package io.rivulet.transforms.enrich;

/** The profile store could not be asked (down, timed out, refused the credentials). */
public class ProfileSourceException extends RuntimeException {
    public ProfileSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
