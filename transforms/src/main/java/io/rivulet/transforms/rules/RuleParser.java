package io.rivulet.transforms.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the rule grammar:
 *
 * <pre>
 * rules    := rule ( ';' rule )* [ ';' ]
 * rule     := path not_null | path not_blank
 *           | path ( '&gt;' | '&gt;=' | '&lt;' | '&lt;=' | '==' | '!=' ) ( number | instant | 'text' )
 *           | path in '(' item ( ',' item )* ')'
 *           | path matches ( regex-to-end-of-rule | 'regex' )
 *           | path max_length integer
 *           | path not_in_future [ duration ]
 * path     := name ( '.' name )*
 * </pre>
 *
 * Quoted text uses single quotes, with {@code ''} for a quote inside; a {@code ;} inside quotes does not end a rule.
 * Instants are ISO-8601 ({@code 2026-01-01T00:00:00Z}); durations are {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 1d} or ISO-8601 ({@code PT5M}).
 * <p>Over 300 lines on purpose: a recursive-descent parser of the rule language, one method per grammar rule, reads
 * best as one class.
 */
public final class RuleParser {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final List<String> KEYWORDS =
            List.of("not_null", "not_blank", "in", "matches", "max_length", "not_in_future", ">", ">=", "<", "<=",
                    "==", "!=");

    private final Clock clock;

    public RuleParser(Clock clock) {
        this.clock = clock;
    }

    public RuleParser() {
        this(Clock.systemUTC());
    }

    public List<Rule> parse(String text) {
        List<Rule> rules = new ArrayList<>();
        int number = 0;
        for (int[] span : splitRules(text)) {
            String ruleText = text.substring(span[0], span[1]).trim();
            if (ruleText.isEmpty()) {
                continue;
            }
            int start = span[0] + text.substring(span[0], span[1]).indexOf(ruleText);
            rules.add(new Single(++number, ruleText, start).parse());
        }
        return rules;
    }

    /** Splits at semicolons outside quotes; returns [start, end) spans in the text. */
    private static List<int[]> splitRules(String text) {
        List<int[]> spans = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                spans.add(new int[] {start, i});
                start = i + 1;
            }
        }
        spans.add(new int[] {start, text.length()});
        return spans;
    }

    /** The parse of one rule: a cursor over its text. */
    private final class Single {
        private final int number;
        private final String text;
        private final int offset;
        private int pos;

        Single(int number, String text, int offset) {
            this.number = number;
            this.text = text;
            this.offset = offset;
        }

        Rule parse() {
            String pathText = word("a field path");
            if (!FieldPath.isValid(pathText)) {
                throw error(pos - pathText.length(), "'" + pathText + "' is not a field path (names joined by dots)");
            }
            FieldPath path = FieldPath.parse(pathText);
            int opStart = skipSpaces();
            String op = operator();
            Rule rule;
            switch (op) {
                case "not_null":
                    rule = new Rules.NotNull(text, path);
                    break;
                case "not_blank":
                    rule = new Rules.NotBlank(text, path);
                    break;
                case "in":
                    rule = new Rules.In(text, path, items());
                    break;
                case "matches":
                    rule = new Rules.Matches(text, path, regex());
                    break;
                case "max_length":
                    rule = new Rules.MaxLength(text, path, nonNegativeInt());
                    break;
                case "not_in_future":
                    rule = new Rules.NotInFuture(text, path, clock, optionalDuration());
                    break;
                case "":
                    throw error(opStart, "expected one of " + KEYWORDS + " after the field path");
                default:
                    rule = comparison(path, op, opStart);
            }
            int end = skipSpaces();
            if (end < text.length()) {
                throw error(end, "unexpected '" + text.substring(end) + "' after the rule");
            }
            return rule;
        }

        private Rule comparison(FieldPath path, String op, int opStart) {
            Rules.Operator operator = null;
            for (Rules.Operator candidate : Rules.Operator.values()) {
                if (candidate.symbol.equals(op)) {
                    operator = candidate;
                }
            }
            if (operator == null) {
                throw error(opStart, "unknown rule '" + op + "'; expected one of " + KEYWORDS);
            }
            int literalStart = skipSpaces();
            if (peek() == '\'') {
                String expected = quoted();
                if (operator != Rules.Operator.EQ && operator != Rules.Operator.NE) {
                    throw error(literalStart, "text can only be compared with == or !=");
                }
                return new Rules.TextComparison(text, path, operator == Rules.Operator.EQ, expected);
            }
            String literal = word("a number, an ISO-8601 instant or 'text' after " + op);
            try {
                return new Rules.NumberComparison(text, path, operator, Double.parseDouble(literal), literal);
            } catch (NumberFormatException notANumber) {
                try {
                    long millis = Instant.parse(literal).toEpochMilli();
                    return new Rules.NumberComparison(text, path, operator, millis, literal);
                } catch (DateTimeParseException notAnInstant) {
                    throw error(literalStart, "expected a number, an ISO-8601 instant or 'text' after " + op
                            + " but found '" + literal + "'");
                }
            }
        }

        private Set<String> items() {
            int open = skipSpaces();
            if (peek() != '(') {
                throw error(open, "expected '(' to start the list after 'in'");
            }
            pos++;
            Set<String> items = new LinkedHashSet<>();
            while (true) {
                int itemStart = skipSpaces();
                items.add(peek() == '\'' ? quoted() : word("a list item"));
                int sep = skipSpaces();
                char c = peek();
                pos++;
                if (c == ')') {
                    return items;
                }
                if (c != ',') {
                    throw error(sep, c == 0 ? "the list is not closed with ')'" : "expected ',' or ')' in the list");
                }
                if (itemStart == sep) {
                    throw error(itemStart, "empty list item");
                }
            }
        }

        private Pattern regex() {
            int start = skipSpaces();
            String source;
            if (peek() == '\'') {
                source = quoted();
            } else {
                source = text.substring(start).trim();
                pos = text.length();
            }
            if (source.isEmpty()) {
                throw error(start, "expected a regular expression after 'matches'");
            }
            try {
                return Pattern.compile(source);
            } catch (PatternSyntaxException e) {
                throw error(start, "invalid regular expression: " + e.getDescription());
            }
        }

        private int nonNegativeInt() {
            int start = skipSpaces();
            String literal = word("a whole number after 'max_length'");
            try {
                int value = Integer.parseInt(literal);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw error(start, "expected a whole number >= 0 after 'max_length' but found '" + literal + "'");
        }

        private Duration optionalDuration() {
            int start = skipSpaces();
            if (start >= text.length()) {
                return Duration.ZERO;
            }
            String literal = word("a duration");
            Matcher simple = SIMPLE_DURATION.matcher(literal);
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                switch (simple.group(2)) {
                    case "ms": return Duration.ofMillis(amount);
                    case "s": return Duration.ofSeconds(amount);
                    case "m": return Duration.ofMinutes(amount);
                    case "h": return Duration.ofHours(amount);
                    default: return Duration.ofDays(amount);
                }
            }
            try {
                return Duration.parse(literal);
            } catch (DateTimeParseException e) {
                throw error(start, "expected a duration such as 30s, 5m or PT5M but found '" + literal + "'");
            }
        }

        private String operator() {
            int start = pos;
            while (pos < text.length() && "<>=!".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            if (pos > start) {
                return text.substring(start, pos);
            }
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private String word(String expected) {
            int start = skipSpaces();
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))
                    && "(),'".indexOf(text.charAt(pos)) < 0 && (pos == start || "<>=!".indexOf(text.charAt(pos)) < 0)) {
                pos++;
            }
            if (pos == start) {
                throw error(start, "expected " + expected);
            }
            return text.substring(start, pos);
        }

        private String quoted() {
            int start = pos;
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\'') {
                    if (peek() == '\'') {
                        value.append('\'');
                        pos++;
                    } else {
                        return value.toString();
                    }
                } else {
                    value.append(c);
                }
            }
            throw error(start, "the quoted text is not closed with '");
        }

        private int skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return pos;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        private RuleSyntaxException error(int at, String problem) {
            return new RuleSyntaxException(number, text, offset + at + 1, problem);
        }
    }
}
