package io.drover.server.rollout.targeting.internal;

import io.drover.error.DroverException;
import io.drover.server.compat.Comparison;
import io.drover.server.compat.Version;
import io.drover.server.rollout.RolloutErrors;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for targeting filters:
 *
 * <pre>
 *   filter  = or
 *   or      = and { "or" and }
 *   and     = unary { "and" unary }
 *   unary   = "not" unary | "(" or ")" | name op value | name "in" "(" value { "," value } ")"
 *   op      = "=" | "!=" | "<" | "<=" | ">" | ">="
 *   value   = word | '"' text '"'      (inside quotes, \" and \\ escape)
 * </pre>
 *
 * Small enough to own: a general expression library would bring features (method calls, arithmetic) that a filter
 * typed by an operator must not have.
 */
public final class FilterParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");
    private static final int MAX_DEPTH = 32;

    private final List<Token> tokens;
    private int next;
    private int depth;

    private FilterParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static FilterExpression parse(String text, int maxLength) {
        if (text == null || text.isBlank()) {
            throw invalid("a filter must not be empty");
        }
        if (text.length() > maxLength) {
            throw invalid("a filter may have at most " + maxLength + " characters");
        }
        FilterParser parser = new FilterParser(FilterTokenizer.tokenize(text));
        FilterExpression expression = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Token.Kind.END) {
            throw parser.unexpected(rest, "'and', 'or' or the end");
        }
        return expression;
    }

    private FilterExpression or() {
        FilterExpression left = and();
        while (peekWord("or")) {
            next++;
            left = new FilterExpression.Or(left, and());
        }
        return left;
    }

    private FilterExpression and() {
        FilterExpression left = unary();
        while (peekWord("and")) {
            next++;
            left = new FilterExpression.And(left, unary());
        }
        return left;
    }

    private FilterExpression unary() {
        if (++depth > MAX_DEPTH) {
            throw invalid("a filter may nest at most " + MAX_DEPTH + " levels");
        }
        try {
            if (peekWord("not")) {
                next++;
                return new FilterExpression.Not(unary());
            }
            if (peek().kind() == Token.Kind.OPEN) {
                next++;
                FilterExpression inner = or();
                expect(Token.Kind.CLOSE, "')'");
                return inner;
            }
            return condition();
        } finally {
            depth--;
        }
    }

    private FilterExpression condition() {
        Token name = take();
        if (name.kind() != Token.Kind.WORD || !NAME.matcher(name.text()).matches() || isKeyword(name.text())) {
            throw unexpected(name, "an attribute name or 'group'");
        }
        if (peekWord("in")) {
            next++;
            return new FilterExpression.In(name.text(), valueList());
        }
        Token op = take();
        Comparison comparison = op.kind() == Token.Kind.OPERATOR ? Comparison.ofSymbol(op.text()) : null;
        if (comparison == null) {
            throw unexpected(op, "one of = != < <= > >= or 'in' after '" + name.text() + "'");
        }
        Token value = value();
        if (FilterExpression.GROUP.equals(name.text()) && comparison != Comparison.EQ && comparison != Comparison.NE) {
            throw invalid("position " + op.position() + ": groups are compared with = or != only");
        }
        if (comparison == Comparison.NE) {
            return new FilterExpression.Not(new FilterExpression.Compare(name.text(), Comparison.EQ, value.text()));
        }
        if (comparison != Comparison.EQ) {
            try {
                Version.of(value.text());
            } catch (DroverException e) {
                throw invalid("position " + value.position() + ": '" + value.text() + "' is not a version to compare with");
            }
        }
        return new FilterExpression.Compare(name.text(), comparison, value.text());
    }

    private Set<String> valueList() {
        expect(Token.Kind.OPEN, "'(' after 'in'");
        Set<String> values = new LinkedHashSet<>();
        values.add(value().text());
        while (peek().kind() == Token.Kind.COMMA) {
            next++;
            values.add(value().text());
        }
        expect(Token.Kind.CLOSE, "',' or ')'");
        return values;
    }

    private Token value() {
        Token value = take();
        if (value.kind() == Token.Kind.STRING || value.kind() == Token.Kind.WORD && !isKeyword(value.text())) {
            return value;
        }
        throw unexpected(value, "a value");
    }

    private void expect(Token.Kind kind, String what) {
        Token token = take();
        if (token.kind() != kind) {
            throw unexpected(token, what);
        }
    }

    private Token take() {
        Token token = peek();
        if (token.kind() != Token.Kind.END) {
            next++;
        }
        return token;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean peekWord(String keyword) {
        Token token = peek();
        return token.kind() == Token.Kind.WORD && token.text().equals(keyword);
    }

    private static boolean isKeyword(String word) {
        return word.equals("and") || word.equals("or") || word.equals("not") || word.equals("in");
    }

    private DroverException unexpected(Token token, String expected) {
        String found = token.kind() == Token.Kind.END ? "the end" : "'" + token.text() + "'";
        return invalid("position " + token.position() + ": expected " + expected + ", found " + found);
    }

    static DroverException invalid(String message) {
        return new DroverException(RolloutErrors.INVALID_FILTER, message);
    }
}
