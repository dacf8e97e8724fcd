package io.rivulet.connect.http.convert;

/** A JSON value that does not fit the record schema: names the field and what is wrong. */
public class RecordConversionException extends RuntimeException {
    private final String field;

    public RecordConversionException(String field, String message) {
        super(field.isEmpty() ? message : field + ": " + message);
        this.field = field;
    }

    /** Dotted path of the offending field, empty for the record itself. */
    public String field() {
        return field;
    }

    /** The problem without the field name. */
    public String problem() {
        String message = getMessage();
        return field.isEmpty() ? message : message.substring(field.length() + 2);
    }
}
