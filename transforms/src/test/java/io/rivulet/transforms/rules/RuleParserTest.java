package io.rivulet.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final RuleParser parser = new RuleParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private Rule one(String text) {
        List<Rule> rules = parser.parse(text);
        assertEquals(1, rules.size());
        return rules.get(0);
    }

    private static boolean holds(Rule rule, Object fieldValue) {
        return rule.check(Map.of(rule.path().toString(), fieldValue)) == null;
    }

    @Test
    void parsesTheIssueExample() {
        List<Rule> rules = parser.parse(
                "order_id not_blank; total_amount > 0; currency in (USD, EUR, GBP); page matches ^/.*; "
                        + "promo_code max_length 32");
        assertEquals(List.of("order_id not_blank", "total_amount > 0", "currency in (USD, EUR, GBP)",
                "page matches ^/.*", "promo_code max_length 32"),
                rules.stream().map(Rule::text).collect(Collectors.toList()));
    }

    @Test
    void emptyRulesAndTrailingSemicolonsAreIgnored() {
        assertEquals(2, parser.parse(" a not_null ;; b not_null ; ").size());
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource({
        "'x > 0', 1, true", "'x > 0', 0, false", "'x >= 0', 0, true", "'x < 10', 10, false", "'x <= 10', 10, true",
        "'x == 3', 3, true", "'x != 3', 3, false", "'x > -1.5', -1.2, true", "'x>0', 5, true", "'x < 1e3', 999, true"
    })
    void comparesNumbers(String rule, double value, boolean holds) {
        assertEquals(holds, holds(one(rule), value));
    }

    @Test
    void comparesTimestampsWithInstants() {
        Rule rule = one("order_ts >= 2026-01-01T00:00:00Z");
        assertTrue(holds(rule, Date.from(Instant.parse("2026-01-01T00:00:00Z"))));
        assertEquals("x is 2025-12-31T23:59:59Z, not >= 2026-01-01T00:00:00Z".replace("x", "order_ts"),
                rule.check(Map.of("order_ts", Date.from(Instant.parse("2025-12-31T23:59:59Z")))).message());
    }

    @Test
    void comparesText() {
        assertTrue(holds(one("currency == 'EUR'"), "EUR"));
        assertEquals("currency is 'USD', not 'EUR'", one("currency == 'EUR'").check(Map.of("currency", "USD"))
                .message());
        assertTrue(holds(one("status != 'it''s'"), "fine"));
        assertTrue(!holds(one("status != 'it''s'"), "it's"));
    }

    @Test
    void inListsTakeBareAndQuotedItems() {
        Rule rule = one("currency in (USD, 'EUR', G B P)".replace("G B P", "'G B P'"));
        assertTrue(holds(rule, "EUR"));
        assertTrue(holds(rule, "G B P"));
        assertTrue(!holds(rule, "JPY"));
    }

    @Test
    void matchesTakesTheRestOfTheRuleOrQuotedText() {
        assertTrue(holds(one("page matches ^/[a-z]+ ?$"), "/home "));
        assertTrue(holds(one("page matches '^/a;b$'"), "/a;b"));
        assertTrue(!holds(one("page matches ^/.*"), "home"));
    }

    @Test
    void maxLengthBoundsText() {
        Rule rule = one("promo_code max_length 3");
        assertTrue(holds(rule, "abc"));
        assertEquals("promo_code has 4 characters, more than 3", rule.check(Map.of("promo_code", "abcd")).message());
    }

    @Test
    void notInFutureAllowsTheConfiguredSkew() {
        Rule strict = one("ts not_in_future");
        Rule lenient = one("ts not_in_future 5m");
        Date inTwoMinutes = Date.from(NOW.plusSeconds(120));
        assertTrue(!holds(strict, inTwoMinutes));
        assertTrue(holds(lenient, inTwoMinutes));
        assertTrue(holds(one("ts not_in_future PT1H"), NOW.plusSeconds(3000).toEpochMilli()));
        assertTrue(holds(strict, Date.from(NOW)));
    }

    @Test
    void onlyNotNullAndNotBlankRejectMissingFields() {
        Map<String, Object> empty = Map.of();
        assertEquals("order_id is missing", one("order_id not_null").check(empty).message());
        assertNotNull(one("order_id not_blank").check(empty));
        assertNotNull(one("order_id not_blank").check(Map.of("order_id", "  ")));
        for (String rule : List.of("x > 0", "x in (a)", "x matches a", "x max_length 1", "x not_in_future")) {
            assertNull(one(rule).check(empty), rule);
        }
    }

    @Test
    void dottedPathsReachNestedFields() {
        Rule rule = one("customer.address.country in (DE, FR)");
        assertNull(rule.check(Map.of("customer", Map.of("address", Map.of("country", "DE")))));
        assertNotNull(rule.check(Map.of("customer", Map.of("address", Map.of("country", "US")))));
    }

    @Test
    void aNonNumberFailsAComparisonWithAClearMessage() {
        assertEquals("total_amount is not a number or timestamp: 'ten'",
                one("total_amount > 0").check(Map.of("total_amount", "ten")).message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "order_id not_blank; total_amount >> 0 | 2 | 34 | unknown rule '>>'",
        "total_amount > ten | 1 | 16 | expected a number, an ISO-8601 instant or 'text' after > but found 'ten'",
        "currency in USD, EUR | 1 | 13 | expected '(' to start the list after 'in'",
        "currency in (USD, EUR | 1 | 22 | the list is not closed with ')'",
        "page matches [a- | 1 | 14 | invalid regular expression",
        "promo_code max_length -1 | 1 | 23 | expected a whole number >= 0",
        "ts not_in_future soon | 1 | 18 | expected a duration such as 30s, 5m or PT5M",
        "1abc not_null | 1 | 1 | '1abc' is not a field path",
        "order_id | 1 | 9 | expected one of",
        "order_id not_null now | 1 | 19 | unexpected 'now' after the rule",
        "x == 'open | 1 | 6 | the quoted text is not closed",
        "x > 'text' | 1 | 5 | text can only be compared with == or !=",
    })
    void syntaxErrorsNameTheRuleAndThePosition(String rules, int ruleNumber, int position, String problem) {
        RuleSyntaxException error = assertThrows(RuleSyntaxException.class, () -> parser.parse(rules));
        assertEquals(ruleNumber, error.ruleNumber(), error.getMessage());
        assertEquals(position, error.position(), error.getMessage());
        assertTrue(error.getMessage().contains(problem), error.getMessage());
    }
}
