package io.drover.server.rollout.targeting.internal;

import java.util.ArrayList;
import java.util.List;

/** Splits a filter into words, quoted strings, operators, parentheses and commas. */
final class FilterTokenizer {
    private FilterTokenizer() {}

    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int position = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                Token.Kind kind = c == '(' ? Token.Kind.OPEN : c == ')' ? Token.Kind.CLOSE : Token.Kind.COMMA;
                tokens.add(new Token(kind, String.valueOf(c), position));
                i++;
            } else if (c == '=' || c == '!' || c == '<' || c == '>') {
                int end = i + 1 < text.length() && text.charAt(i + 1) == '=' ? i + 2 : i + 1;
                String op = text.substring(i, end);
                if (op.equals("!")) {
                    throw FilterParser.invalid("position " + position + ": '!' must be followed by '='");
                }
                tokens.add(new Token(Token.Kind.OPERATOR, op, position));
                i = end;
            } else if (c == '"') {
                i = quoted(text, i, tokens);
            } else if (isWordChar(c)) {
                int end = i;
                while (end < text.length() && isWordChar(text.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Token.Kind.WORD, text.substring(i, end), position));
                i = end;
            } else {
                throw FilterParser.invalid("position " + position + ": unexpected character '" + c + "'");
            }
        }
        tokens.add(new Token(Token.Kind.END, "", text.length() + 1));
        return tokens;
    }

    private static int quoted(String text, int start, List<Token> tokens) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                tokens.add(new Token(Token.Kind.STRING, value.toString(), start + 1));
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= text.length() || (text.charAt(i + 1) != '"' && text.charAt(i + 1) != '\\')) {
                    throw FilterParser.invalid("position " + (i + 1) + ": only \\\" and \\\\ may be escaped");
                }
                i++;
                c = text.charAt(i);
            }
            value.append(c);
            i++;
        }
        throw FilterParser.invalid("position " + (start + 1) + ": quoted value is not closed");
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == ':' || c == '/';
    }
}
