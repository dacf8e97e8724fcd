package io.rivulet.transforms.rules;

/** A rule that does not parse: says which rule, where in the configured text, and what was expected. */
public class RuleSyntaxException extends IllegalArgumentException {
    private final int ruleNumber;
    private final int position;

    RuleSyntaxException(int ruleNumber, String ruleText, int position, String problem) {
        super("rule " + ruleNumber + " ('" + ruleText + "') at position " + position + ": " + problem);
        this.ruleNumber = ruleNumber;
        this.position = position;
    }

    /** 1-based number of the rule in the list. */
    public int ruleNumber() {
        return ruleNumber;
    }

    /** 1-based character position in the whole configured text. */
    public int position() {
        return position;
    }
}
