package io.rivulet.transforms.rules;

/**
 * One business rule on one field. Rules follow SQL CHECK semantics: only {@code not_null} and {@code not_blank}
 * reject a missing (null) value; every other rule bounds a value that is present.
 */
public abstract class Rule {
    private final String text;
    private final FieldPath path;

    protected Rule(String text, FieldPath path) {
        this.text = text;
        this.path = path;
    }

    /** The rule as the user wrote it, e.g. {@code total_amount > 0}. */
    public String text() {
        return text;
    }

    public FieldPath path() {
        return path;
    }

    /** Checks a record value (or key); returns the violation, or null when the rule holds. */
    public final Violation check(Object recordValue) {
        Object value = path.resolve(recordValue);
        if (value == null) {
            return acceptsNull() ? null : new Violation(this, path + " is missing");
        }
        String problem = problemWith(value);
        return problem == null ? null : new Violation(this, problem);
    }

    protected boolean acceptsNull() {
        return true;
    }

    /** What is wrong with a present value, or null when it satisfies the rule. */
    protected abstract String problemWith(Object value);

    @Override
    public String toString() {
        return text;
    }
}
