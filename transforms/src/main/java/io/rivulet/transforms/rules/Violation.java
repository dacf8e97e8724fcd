package io.rivulet.transforms.rules;

/** Why a record broke a rule: the rule as written, the field it checks and what was wrong. */
public record Violation(Rule rule, String message) {
    public String field() {
        return rule.path().toString();
    }
}
