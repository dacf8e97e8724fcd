package io.rivulet.transforms.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules the grammar knows; {@link RuleParser} builds them. */
final class Rules {
    private Rules() {
    }

    static final class NotNull extends Rule {
        NotNull(String text, FieldPath path) {
            super(text, path);
        }

        @Override
        protected boolean acceptsNull() {
            return false;
        }

        @Override
        protected String problemWith(Object value) {
            return null;
        }
    }

    static final class NotBlank extends Rule {
        NotBlank(String text, FieldPath path) {
            super(text, path);
        }

        @Override
        protected boolean acceptsNull() {
            return false;
        }

        @Override
        protected String problemWith(Object value) {
            return value.toString().isBlank() ? path() + " is blank" : null;
        }
    }

    enum Operator {
        GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(int comparison) {
            switch (this) {
                case GT: return comparison > 0;
                case GE: return comparison >= 0;
                case LT: return comparison < 0;
                case LE: return comparison <= 0;
                case EQ: return comparison == 0;
                default: return comparison != 0;
            }
        }
    }

    /** {@code field OP number}, or {@code field OP timestamp} with an ISO-8601 instant; timestamps compare as millis. */
    static final class NumberComparison extends Rule {
        private final Operator operator;
        private final double bound;
        private final String boundText;

        NumberComparison(String text, FieldPath path, Operator operator, double bound, String boundText) {
            super(text, path);
            this.operator = operator;
            this.bound = bound;
            this.boundText = boundText;
        }

        @Override
        protected String problemWith(Object value) {
            double number;
            if (value instanceof Number) {
                number = ((Number) value).doubleValue();
            } else if (value instanceof Date) {
                number = ((Date) value).getTime();
            } else {
                return path() + " is not a number or timestamp: " + describe(value);
            }
            if (Double.isNaN(number)) {
                return path() + " is NaN";
            }
            return operator.holds(Double.compare(number, bound)) ? null
                    : path() + " is " + describe(value) + ", not " + operator.symbol + " " + boundText;
        }
    }

    /** {@code field == 'text'} and {@code field != 'text'}. */
    static final class TextComparison extends Rule {
        private final boolean equal;
        private final String expected;

        TextComparison(String text, FieldPath path, boolean equal, String expected) {
            super(text, path);
            this.equal = equal;
            this.expected = expected;
        }

        @Override
        protected String problemWith(Object value) {
            boolean same = expected.equals(value.toString());
            return same == equal ? null
                    : path() + " is " + describe(value) + (equal ? ", not '" : ", must not be '") + expected + "'";
        }
    }

    static final class In extends Rule {
        private final Set<String> allowed;

        In(String text, FieldPath path, Set<String> allowed) {
            super(text, path);
            this.allowed = allowed;
        }

        @Override
        protected String problemWith(Object value) {
            return allowed.contains(value.toString()) ? null
                    : path() + " is " + describe(value) + ", not one of " + allowed;
        }
    }

    static final class Matches extends Rule {
        private final Pattern pattern;
        /** A Matcher per thread, reset per value: saves allocating one per record. */
        private final ThreadLocal<Matcher> matchers;

        Matches(String text, FieldPath path, Pattern pattern) {
            super(text, path);
            this.pattern = pattern;
            this.matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
        }

        @Override
        protected String problemWith(Object value) {
            return matchers.get().reset(value.toString()).matches() ? null
                    : path() + " is " + describe(value) + ", which does not match " + pattern.pattern();
        }
    }

    static final class MaxLength extends Rule {
        private final int max;

        MaxLength(String text, FieldPath path, int max) {
            super(text, path);
            this.max = max;
        }

        @Override
        protected String problemWith(Object value) {
            int length = value.toString().length();
            return length <= max ? null : path() + " has " + length + " characters, more than " + max;
        }
    }

    /** A timestamp no later than now plus an allowed clock skew. */
    static final class NotInFuture extends Rule {
        private final Clock clock;
        private final long skewMs;

        NotInFuture(String text, FieldPath path, Clock clock, Duration skew) {
            super(text, path);
            this.clock = clock;
            this.skewMs = skew.toMillis();
        }

        @Override
        protected String problemWith(Object value) {
            long millis;
            if (value instanceof Date) {
                millis = ((Date) value).getTime();
            } else if (value instanceof Long || value instanceof Integer) {
                millis = ((Number) value).longValue();
            } else {
                return path() + " is not a timestamp: " + describe(value);
            }
            long latest = clock.millis() + skewMs;
            return millis <= latest ? null
                    : path() + " is " + Instant.ofEpochMilli(millis) + ", later than " + Instant.ofEpochMilli(latest);
        }
    }

    static String describe(Object value) {
        if (value instanceof Date) {
            return Instant.ofEpochMilli(((Date) value).getTime()).toString();
        }
        if (value instanceof CharSequence) {
            String text = value.toString();
            return "'" + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "'";
        }
        return String.valueOf(value);
    }
}
